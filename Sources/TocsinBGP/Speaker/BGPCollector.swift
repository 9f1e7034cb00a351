import TocsinCore

/// The live routing state every BGP session and BMP stream feeds, cut into 5-minute bins.
///
/// Sources register their peers and apply UPDATEs in order; `tick(now:)` (called by the
/// server's timer, or by a test with its own clock) returns the points of bins that ended.
public actor BGPCollector {
    private var recorder: BGPSignalRecorder
    public private(set) var counters = BGPCounters()

    public init(counter: VisibilityCounter) {
        recorder = BGPSignalRecorder(counter: counter)
    }

    /// Which session of a peer a source holds: a router that reconnects gets a new session,
    /// and the old session's late updates or end no longer touch the peer's routes.
    public struct Session: Sendable, Hashable {
        public let peer: Int
        let generation: Int
    }
    private var generations: [Int: Int] = [:]

    /// Starts a new session for the peer; its routes so far are dropped.
    public func register(_ peer: CollectorPeer) -> Session {
        let index = recorder.state.peer(peer)
        let generation = (generations[index] ?? 0) + 1
        generations[index] = generation
        recorder.state.clear(peer: index)
        return Session(peer: index, generation: generation)
    }

    public func apply(_ update: BGPUpdate, session: Session) {
        guard generations[session.peer] == session.generation else { return }
        recorder.state.apply(update, peer: session.peer)
        counters.updates += 1
    }

    /// The session ended: the peer's routes are gone, unless a newer session has taken over.
    public func end(_ session: Session) {
        guard generations[session.peer] == session.generation else { return }
        recorder.state.clear(peer: session.peer)
    }

    public func count(_ event: BGPCounters.Event) {
        counters.record(event)
    }

    /// Moves the bin clock to `now`; the points of every bin that ended.
    public func tick(now: Int64) -> [SignalPoint] {
        recorder.advance(to: now)
    }

    /// The points of the bin in progress, as at shutdown.
    public func finish() -> [SignalPoint] {
        recorder.finish()
    }

    /// Routes per peer now, by family.
    public func peerRoutes() -> [(peer: CollectorPeer, ipv4: Int, ipv6: Int)] {
        recorder.state.peers.indices.map { i in
            let c = recorder.state.routeCounts(ofPeer: i)
            return (recorder.state.peers[i], c.ipv4, c.ipv6)
        }
    }

    /// The values the current state gives, without closing a bin.
    public func measure() -> VisibilityCounter.Measurement {
        recorder.counter.measure(recorder.state, updates: [:])
    }
}

/// What the live BGP and BMP sources have seen, for logs and metrics.
public struct BGPCounters: Sendable, Hashable {
    public var updates = 0
    public var sessionsEstablished = 0
    public var sessionsClosed = 0
    public var notificationsSent: [String: Int] = [:]
    public var notificationsReceived = 0
    public var holdTimerExpiries = 0
    public var bmpMessages = 0
    public var bmpErrors = 0

    public enum Event: Sendable {
        case established, closed, notificationSent(BGPNotification), notificationReceived, holdTimerExpired, bmpMessage, bmpError
    }

    mutating func record(_ event: Event) {
        switch event {
        case .established: sessionsEstablished += 1
        case .closed: sessionsClosed += 1
        case .notificationSent(let n): notificationsSent["\(n.code)/\(n.subcode)", default: 0] += 1
        case .notificationReceived: notificationsReceived += 1
        case .holdTimerExpired: holdTimerExpiries += 1
        case .bmpMessage: bmpMessages += 1
        case .bmpError: bmpErrors += 1
        }
    }
}

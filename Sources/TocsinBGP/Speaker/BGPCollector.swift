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

    public func register(_ peer: CollectorPeer) -> Int {
        recorder.state.peer(peer)
    }

    public func apply(_ update: BGPUpdate, peer: Int) {
        recorder.state.apply(update, peer: peer)
        counters.updates += 1
    }

    /// The peer's session ended: its routes are gone.
    public func clear(peer: Int) {
        recorder.state.clear(peer: peer)
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

import TocsinGeo
#if canImport(Glibc)
import Glibc
#endif

/// Sends ICMP echo requests at a bounded rate and collects the replies that match.
///
/// One call probes a list of targets once each: requests go out as the token bucket allows
/// (global rate), at most `maxPerBlock` to any one block, only to addresses the scope permits;
/// replies are matched by identifier, nonce and source; the call returns when every probe
/// has answered or timed out. Single-threaded: one socket, sends and receives interleaved;
/// it may be handed between threads but must run one `probe` at a time.
public final class Prober<Family: ProbeFamily>: @unchecked Sendable {
    public struct Configuration: Sendable {
        /// Probes per second across everything (default low, as the design asks).
        public var rate: Double = 1_000
        /// How many probes may go back to back after a pause.
        public var burst: Double = 50
        /// How long a probe waits for its reply.
        public var timeout: Double = 3
        /// Probes to one block (/24 or /48) in one call at most.
        public var maxPerBlock = 16

        public init(rate: Double = 1_000, burst: Double = 50, timeout: Double = 3, maxPerBlock: Int = 16) {
            self.rate = rate
            self.burst = burst
            self.timeout = timeout
            self.maxPerBlock = maxPerBlock
        }
    }

    /// What the prober has done, for logs and metrics.
    public struct Counters: Sendable, Hashable {
        public var sent = 0
        public var answered = 0
        public var duplicates = 0
        /// Packets that were not a reply to this prober (other processes' ICMP, own requests
        /// seen on loopback, bad checksums, forged nonces).
        public var ignored = 0
        /// Replies from an address no probe went to.
        public var unexpected = 0
        /// Targets outside the scope, refused before sending.
        public var refused = 0
        /// Targets over the per-block cap, not probed.
        public var capped = 0
        public var sendErrors = 0

        public init() {}
    }

    public let configuration: Configuration
    public let scope: ProbeScope<Family>
    public private(set) var counters = Counters()
    /// The targets of the last `probe` that never left: out of scope, over the cap, or
    /// refused by the kernel. Their silence says nothing about them.
    public private(set) var unsent: Set<Family.Bits> = []
    private let socket: ICMPSocket<Family>
    private let identifier: UInt16
    private let nonce: UInt64
    private var sequence: UInt16 = 0

    public init(scope: ProbeScope<Family>, configuration: Configuration = Configuration(), socket: ICMPSocket<Family>) {
        self.scope = scope
        self.configuration = configuration
        self.socket = socket
        var rng = SystemRandomNumberGenerator()
        identifier = UInt16.random(in: 1...UInt16.max, using: &rng)
        nonce = UInt64.random(in: 1...UInt64.max, using: &rng)
    }

    static func now() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_nsec)
    }

    /// Reads a datagram as a reply to this prober.
    private func read(_ datagram: ArraySlice<UInt8>, from source: Family.Bits?) -> Result<ICMPEcho.Reply<Family.Bits>, ICMPEcho.Rejection> {
        guard let source else { return .failure(.noSource) }
        return Family.icmpMessage(datagram).flatMap {
            ICMPEcho.reply(message: $0, from: source, type: Family.echoReplyType, verifyChecksum: !Family.kernelChecksums, identifier: identifier, nonce: nonce)
        }
    }

    /// Probes each target once; returns those that answered.
    @_specialize(exported: true, where Family == IPv4)
    @_specialize(exported: true, where Family == IPv6)
    public func probe(_ targets: [Family.Bits]) -> Set<Family.Bits> {
        var bucket = TokenBucket(rate: configuration.rate, burst: configuration.burst, now: Self.now())
        let timeout = UInt64(configuration.timeout * 1e9)
        var outstanding: [Family.Bits: UInt64] = [:]  // address → send time
        var sentOrder: [(Family.Bits, UInt64)] = []  // for expiring in send order
        var expired = 0
        var answered = Set<Family.Bits>()
        var perBlock: [Family.Bits: Int] = [:]
        var next = 0
        var lastSend = Self.now()
        unsent = []
        while true {
            let now = Self.now()
            var wait: UInt64 = 50_000_000
            // Send what the bucket allows.
            while next < targets.count {
                let target = targets[next]
                guard scope.permits(target) else { counters.refused += 1; unsent.insert(target); next += 1; continue }
                let block = Family.block(of: target)
                guard perBlock[block, default: 0] < configuration.maxPerBlock else { counters.capped += 1; unsent.insert(target); next += 1; continue }
                if let delay = bucket.take(now: Self.now()) { wait = min(wait, delay); break }
                sequence &+= 1
                let sentAt = Self.now()
                if socket.send(ICMPEcho.request(Family.self, identifier: identifier, sequence: sequence, nonce: nonce, sentAt: sentAt), to: target) {
                    counters.sent += 1
                    outstanding[target] = sentAt
                    sentOrder.append((target, sentAt))
                    perBlock[block, default: 0] += 1
                    lastSend = sentAt
                } else {
                    counters.sendErrors += 1
                    unsent.insert(target)
                }
                next += 1
            }
            if next >= targets.count {
                if outstanding.isEmpty || now > lastSend + timeout { break }
                wait = min(wait, lastSend + timeout - min(now, lastSend + timeout))
            }
            // Receive everything that has arrived, waiting at most until the next send.
            var first = true
            while let received = socket.receive(nanoseconds: first ? min(wait, 50_000_000) : 0, read) {
                first = false
                switch received {
                case .success(let reply):
                    if let sentAt = outstanding[reply.source] {
                        if Self.now() - sentAt <= timeout { answered.insert(reply.source) }
                        outstanding[reply.source] = nil
                        counters.answered += 1
                    } else if answered.contains(reply.source) {
                        counters.duplicates += 1
                    } else {
                        counters.unexpected += 1
                    }
                case .failure:
                    counters.ignored += 1
                }
            }
            // Forget probes that have timed out, oldest first.
            let cutoff = Self.now()
            while expired < sentOrder.count, cutoff - sentOrder[expired].1 > timeout {
                let (address, sentAt) = sentOrder[expired]
                if outstanding[address] == sentAt { outstanding[address] = nil }
                expired += 1
            }
        }
        return answered
    }
}

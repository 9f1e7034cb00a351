import TocsinGeo

/// A block Tocsin watches (an IPv4 /24 or an IPv6 /48), with what the census learned and
/// what it believes now.
///
/// Trinocular (Quan, Heidemann, Pradkin, SIGCOMM 2013): `availability` A is the share of
/// the block's ever-responsive addresses that answer at a time; a reply means up, and a
/// missing reply moves the belief B(up) by Bayes' rule with P(no reply | up) = 1 − A and
/// P(no reply | down) = 1.
public struct TrackedBlock<Family: ProbeFamily>: Sendable, Hashable {
    /// The block's network bits (its first address shifted right by the host bits).
    public var block: Family.Bits
    /// The hosts (address bits below the block length) that have ever answered.
    public var hosts: [Family.Host]
    public var availability: Double
    public var belief: Double
    public var up: Bool
    /// When `up` last changed (Unix seconds), for evidence.
    public var changedAt: Int64?
    /// Where the next probe goes in `hosts` (they are probed in turn).
    public var cursor: Int
    /// Whether the round's last probe was answered.
    public var lastReplied = false

    public init(block: Family.Bits, hosts: [Family.Host], availability: Double) {
        self.block = block
        self.hosts = hosts
        self.availability = availability
        belief = 0.9
        up = true
        cursor = 0
    }

    /// The published eligibility rule: at least 15 ever-responsive addresses and A ≥ 0.1.
    public var isEligible: Bool { hosts.count >= 15 && availability >= 0.1 }

    public var prefix: IPPrefix<Family> { Family.prefix(ofBlock: block) }
    public var prefixText: String { prefix.description }

    /// The next address to probe: the hosts are visited with a stride prime to their count,
    /// so consecutive probes land far apart in the block rather than on neighbours.
    public mutating func nextTarget() -> Family.Bits {
        let n = max(hosts.count, 1)
        var step = 7
        while Self.gcd(step, n) != 1 { step += 1 }
        defer { cursor = (cursor + step) % n }
        return Family.address(block: block, host: hosts[cursor % n])
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    /// Bayes' update for one probe.
    public mutating func observe(replied: Bool) {
        lastReplied = replied
        if replied {
            belief = 1
        } else {
            let a = min(max(availability, 0.01), 0.99)
            let upAndSilent = belief * (1 - a)
            belief = upAndSilent / (upAndSilent + (1 - belief))
        }
    }

    /// The state a restart resumes from: what the census found and whether the block was
    /// up; the belief restarts from the state (the next round's probes settle it).
    public init(block: Family.Bits, hosts: [Family.Host], availability: Double, up: Bool, changedAt: Int64?) {
        self.init(block: block, hosts: hosts, availability: availability)
        self.up = up
        self.changedAt = changedAt
        belief = up ? 0.9 : 0.1
    }

    /// Beliefs start each round a little away from certainty, so one round's evidence can
    /// always move them.
    mutating func startRound() {
        // A block believed down starts undecided, so that a return is looked for with
        // several probes rather than dismissed on one silence.
        belief = up ? min(max(belief, 0.02), 0.98) : 0.5
        lastReplied = false
    }

    public static var upThreshold: Double { 0.9 }
    public static var downThreshold: Double { 0.1 }
    /// Up needs a reply (a silence never confirms a block up, however high the belief
    /// still is); down needs the belief at 0.1 or below.
    var isDecided: Bool { (lastReplied && belief >= Self.upThreshold) || belief <= Self.downThreshold }

    /// The state the round's evidence supports, or nil when it was not enough.
    var verdict: Bool? { lastReplied ? true : belief <= Self.downThreshold ? false : nil }
}

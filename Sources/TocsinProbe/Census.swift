import TocsinGeo

/// A one-time sweep: which addresses of each block answer, and how many of them answer at a
/// time (availability). Blocks that pass the eligibility rule are tracked.
public enum Census<Family: ProbeFamily> {
    /// At most this many addresses in one census, so a typo cannot sweep the Internet.
    public static var maximumAddresses: Int { 1 << 20 }

    public struct Result: Sendable {
        public var blocks: [TrackedBlock<Family>]
        public var probed: Int
        public var eligible: [TrackedBlock<Family>] { blocks.filter(\.isEligible) }
    }

    /// Probes every address of `prefixes` `passes` times.
    public static func run(_ prefixes: [IPPrefix<Family>], passes: Int = 2, prober: Prober<Family>) throws(ProbeError) -> Result {
        try run(addresses: addresses(prefixes), passes: passes, prober: prober)
    }

    /// Every address of `prefixes`, refused past `maximumAddresses` in all.
    public static func addresses(_ prefixes: [IPPrefix<Family>]) throws(ProbeError) -> [Family.Bits] {
        var addresses: [Family.Bits] = []
        for p in prefixes {
            guard Family.width - p.length <= 20, addresses.count + (1 << (Family.width - p.length)) <= maximumAddresses else {
                throw .refused("a census covers at most \(maximumAddresses) addresses per run (\(p) is too large)")
            }
            var a = p.first
            while true {
                addresses.append(a)
                if a == p.last { break }
                a += 1
            }
        }
        return addresses
    }

    /// Probes each of `addresses` (a hitlist: IPv6 space cannot be swept) `passes` times.
    public static func run(addresses: [Family.Bits], passes: Int = 2, prober: Prober<Family>) throws(ProbeError) -> Result {
        guard !addresses.isEmpty, addresses.count <= maximumAddresses else {
            throw .refused("a census covers 1 to \(maximumAddresses) addresses per run")
        }
        var answeredPerPass: [Set<Family.Bits>] = []
        for _ in 0..<max(passes, 1) { answeredPerPass.append(prober.probe(addresses)) }
        var hosts: [Family.Bits: Set<Family.Host>] = [:]
        for pass in answeredPerPass { for a in pass { hosts[Family.block(of: a), default: []].insert(Family.host(of: a)) } }
        let blocks = hosts.keys.sorted().map { block -> TrackedBlock<Family> in
            let ever = hosts[block]!
            let shares = answeredPerPass.map { pass in
                Double(ever.filter { pass.contains(Family.address(block: block, host: $0)) }.count) / Double(ever.count)
            }
            return TrackedBlock(block: block, hosts: ever.sorted(), availability: shares.reduce(0, +) / Double(shares.count))
        }
        return Result(blocks: blocks, probed: addresses.count * max(passes, 1))
    }
}

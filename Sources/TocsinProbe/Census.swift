import TocsinGeo

/// A one-time sweep of whole prefixes: which addresses of each /24 answer, and how many of
/// them answer at a time (availability). Blocks that pass the eligibility rule are tracked.
public struct Census: Sendable {
    /// At most this many addresses in one census, so a typo cannot sweep the Internet.
    public static let maximumAddresses = 1 << 20

    public struct Result: Sendable {
        public var blocks: [TrackedBlock]
        public var probed: Int
        public var eligible: [TrackedBlock] { blocks.filter(\.isEligible) }
    }

    /// Probes every address of `prefixes` `passes` times.
    public static func run(_ prefixes: [IPv4Prefix], passes: Int = 2, prober: Prober) throws(ProbeError) -> Result {
        let addresses = prefixes.flatMap { p -> [UInt32] in
            let count = Int(UInt64(p.last) - UInt64(p.first) + 1)
            return count > maximumAddresses ? [] : (0..<count).map { p.first &+ UInt32($0) }
        }
        guard !addresses.isEmpty, addresses.count <= maximumAddresses else {
            throw .refused("a census covers at most \(maximumAddresses) addresses per run")
        }
        var answeredPerPass: [Set<UInt32>] = []
        for _ in 0..<max(passes, 1) { answeredPerPass.append(prober.probe(addresses)) }
        var hosts: [UInt32: Set<UInt8>] = [:]
        for pass in answeredPerPass { for a in pass { hosts[a >> 8, default: []].insert(UInt8(a & 0xFF)) } }
        let blocks = hosts.keys.sorted().map { block -> TrackedBlock in
            let ever = hosts[block]!
            let shares = answeredPerPass.map { pass in Double(ever.filter { pass.contains(block << 8 | UInt32($0)) }.count) / Double(ever.count) }
            return TrackedBlock(block: block, hosts: ever.sorted(), availability: shares.reduce(0, +) / Double(shares.count))
        }
        return Result(blocks: blocks, probed: addresses.count * max(passes, 1))
    }
}

import TocsinCore
import Testing
import TocsinGeo
import TocsinTestSupport

@Suite("Longest-prefix-match tables")
struct PrefixTableTests {
    /// The slow, obviously right answer.
    func naive<F: AddressFamily>(_ entries: [(IPPrefix<F>, Int)], _ address: F.Bits) -> (IPPrefix<F>, Int)? {
        var best: (IPPrefix<F>, Int)?
        for (p, v) in entries where p.contains(address) {
            if best == nil || p.length >= best!.0.length { best = (p, v) }
        }
        return best
    }

    @Test func ipv4MatchesANaiveSearch() {
        var rng = SplitMix64(seed: 1)
        var entries: [(IPv4Prefix, Int)] = []
        for i in 0..<3000 {
            // Clustered in 10/8-like space so prefixes nest often.
            let base = UInt32(0x0A00_0000) | UInt32.random(in: 0...0x00FF_FFFF, using: &rng)
            entries.append((IPv4Prefix(masking: base, length: Int.random(in: 8...32, using: &rng)), i))
        }
        entries.append((IPv4Prefix(masking: 0, length: 0), -1))
        var deduped: [IPv4Prefix: Int] = [:]
        for (p, v) in entries { deduped[p] = v }
        let table = IPv4PrefixTable(entries)
        #expect(table.count == deduped.count)
        for _ in 0..<20_000 {
            let address = Bool.random(using: &rng) ? UInt32.random(in: 0...UInt32.max, using: &rng)
                : entries.randomElement(using: &rng)!.0.first &+ UInt32.random(in: 0...3, using: &rng)
            let expected = naive(deduped.map { ($0.key, $0.value) }, address)
            let got = table.lookup(address)
            #expect(got?.prefix == expected?.0)
            #expect(got?.payload == expected?.1)
        }
    }

    @Test func ipv6AndEdges() throws {
        let entries: [(IPv6Prefix, String)] = [
            (try IPv6Prefix("2a03:2880::/29"), "a"), (try IPv6Prefix("2a03:2880:f003::/48"), "b"),
            (try IPv6Prefix("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0/124"), "top"), (try IPv6Prefix("::/128"), "zero"),
        ]
        let table = IPv6PrefixTable(entries)
        #expect(table.lookup(IPv6Address("2a03:2880:f003:c07::1")!.value)?.payload == "b")
        #expect(table.lookup(IPv6Address("2a03:2880:f004::1")!.value)?.payload == "a")
        #expect(table.lookup(IPv6Address("2a03:2888::")!.value) == nil)
        #expect(table.lookup(~0)?.payload == "top")
        #expect(table.lookup(0)?.payload == "zero")
        #expect(table.lookup(1) == nil)
        let empty = IPv4PrefixTable<Int>([])
        #expect(empty.lookup(12345) == nil)
        let later = IPv4PrefixTable([(try IPv4Prefix("10.0.0.0/8"), 1), (try IPv4Prefix("10.0.0.0/8"), 2)])
        #expect(later.lookup(0x0A00_0001)?.payload == 2, "the last duplicate wins")
    }
}

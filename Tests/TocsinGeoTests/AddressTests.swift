import TocsinCore
import Testing
import TocsinGeo
import TocsinTestSupport

@Suite("Addresses and prefixes")
struct AddressTests {
    @Test("IPv4 text", arguments: [
        ("0.0.0.0", UInt32(0)), ("95.56.12.1", UInt32(0x5F38_0C01)), ("255.255.255.255", UInt32.max),
    ])
    func ipv4(text: String, value: UInt32) {
        #expect(IPv4Address(text)?.value == value)
        #expect(IPv4Address(value).description == text)
    }

    @Test("bad IPv4", arguments: ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1..2.3", "1.2.3.4 ", "a.b.c.d", "1.2.3.-4"])
    func badIPv4(text: String) { #expect(IPv4Address(text) == nil) }

    @Test("IPv6 text round trips to RFC 5952", arguments: [
        ("::", "::"), ("::1", "::1"), ("2001:db8::1", "2001:db8::1"),
        ("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        ("2a03:2880:f003:c07:face:b00c::2", "2a03:2880:f003:c07:face:b00c:0:2"),
        ("::ffff:95.56.0.1", "::ffff:95.56.0.1"), ("fe80::", "fe80::"), ("1::", "1::"),
        ("1:0:0:2:0:0:0:3", "1:0:0:2::3"),
    ])
    func ipv6(text: String, canonical: String) throws {
        let a = try #require(IPv6Address(text))
        #expect(a.description == canonical)
        #expect(IPv6Address(canonical) == a)
    }

    @Test("bad IPv6", arguments: [
        "", ":", ":::", "1:::2", "1::2::3", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "12345::", "g::", "::1.2.3", "1:2:3:4:5:6:7::8:9",
        ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:", "::ffff:256.1.1.1", "+1::",
    ])
    func badIPv6(text: String) { #expect(IPv6Address(text) == nil) }

    @Test func prefixes() throws {
        let p = try IPv4Prefix("95.56.0.0/20")
        #expect(p.contains(IPv4Address(95, 56, 15, 255).value))
        #expect(!p.contains(IPv4Address(95, 56, 16, 0).value))
        #expect(p.last == IPv4Address(95, 56, 15, 255).value)
        #expect(try IPv4Prefix("0.0.0.0/0").contains(UInt32.max))
        #expect(try IPv6Prefix("2a03:2880::/29").description == "2a03:2880::/29")
        for bad in ["95.56.0.1/20", "95.56.0.0", "95.56.0.0/33", "95.56.0.0/-1", "95.56.0.0/", "x/8", "95.56.0.0/2a"] {
            #expect(throws: PrefixError.self) { try IPv4Prefix(bad) }
        }
        #expect(throws: PrefixError.self) { try IPv6Prefix("2001:db8::1/32") }
    }

    @Test func rangesSplitIntoTheFewestExactPrefixes() throws {
        #expect(IPv4Prefix.covering(first: 0, last: UInt32.max).map(\.description) == ["0.0.0.0/0"])
        #expect(IPv4Prefix.covering(first: IPv4Address(10, 0, 0, 1).value, last: IPv4Address(10, 0, 0, 6).value).map(\.description)
                == ["10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/31", "10.0.0.6/32"])
        // An RIR-style count that is not a power of two: 1,536 addresses.
        #expect(IPv4Prefix.covering(first: IPv4Address(41, 0, 0, 0).value, last: IPv4Address(41, 0, 5, 255).value).map(\.description)
                == ["41.0.0.0/22", "41.0.4.0/23"])
        #expect(IPv6Prefix.covering(first: 0, last: ~0).map(\.description) == ["::/0"])
        var rng = SplitMix64(seed: 7)
        for _ in 0..<500 {
            let a = UInt32.random(in: 0...UInt32.max, using: &rng), b = UInt32.random(in: 0...UInt32.max, using: &rng)
            let (first, last) = (min(a, b), max(a, b))
            let parts = IPv4Prefix.covering(first: first, last: last)
            #expect(parts.first?.first == first)
            #expect(parts.last?.last == last)
            for (x, y) in zip(parts, parts.dropFirst()) { #expect(x.last &+ 1 == y.first) }
            #expect(parts.count <= 62)
        }
    }
}

import Foundation
import Testing
import TocsinGeo
import TocsinTestSupport

@Suite("Text reference files")
struct TextSourcesTests {
    @Test func torGeoIPBadLinesAreCountedAndSkipped() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = try folder.write("geoip", """
            # comment
            16777216,16777471,AU
            16777472,16778239,CN
            16778000,16778100,JP
            16779264,16781311,??
            garbage
            16781312,16785407,jp
            16785408,16777216,JP
            16785408,16793599,JP
            """)
        let r = try TorGeoIP.loadIPv4(path: path)
        #expect(r.errors.map { $0.place } == [.line(4), .line(6), .line(7), .line(8)])
        #expect(r.errors[0].reason.contains("overlaps"))
        #expect(r.errors[0].description.hasPrefix("\(path):4: "))
        let table = IPv4PrefixTable(r.entries)
        #expect(table.lookup(IPv4Address(1, 0, 0, 1).value)?.payload == "AU")
        #expect(table.lookup(IPv4Address(1, 0, 3, 255).value)?.payload == "CN", "an unaligned range split into prefixes")
        #expect(table.lookup(IPv4Address(1, 0, 4, 0).value) == nil, "?? means no country")
        #expect(table.lookup(IPv4Address(1, 0, 32, 1).value)?.payload == "JP")
        #expect(throws: ReferenceDataError.self) { try TorGeoIP.loadIPv4(path: folder.file("none")) }
    }

    @Test("Debian's tor-geoipdb files", .enabled(if: FileManager.default.fileExists(atPath: TorGeoIP.defaultIPv4Path), "needs tor-geoipdb"))
    func debianTorFiles() throws {
        let v4 = try TorGeoIP.loadIPv4()
        let v6 = try TorGeoIP.loadIPv6()
        #expect(v4.errors.isEmpty, "\(v4.errors.prefix(3))")
        #expect(v6.errors.isEmpty, "\(v6.errors.prefix(3))")
        #expect(IPv4PrefixTable(v4.entries).lookup(IPv4Address(95, 56, 0, 1).value)?.payload == "KZ")
        #expect(IPv6PrefixTable(v6.entries).lookup(IPv6Address("2a03:2880:f003::1")!.value) != nil)
    }

    @Test("RIR delegated-extended files")
    func rirFiles() throws {
        let afrinic = try RIRDelegated.load(path: TestData.path("rir-delegated/delegated-afrinic-extended-latest"))
        let lacnic = try RIRDelegated.load(path: TestData.path("rir-delegated/delegated-lacnic-extended-latest"))
        #expect(afrinic.errors.isEmpty && lacnic.errors.isEmpty)
        #expect(afrinic.asns.contains { $0.0.contains(1228) && $0.1 == "ZA" })
        let v4 = IPv4PrefixTable(afrinic.ipv4 + lacnic.ipv4)
        #expect(v4.lookup(IPv4Address(41, 0, 0, 1).value)?.payload == "ZA")
        #expect(v4.lookup(IPv4Address(24, 152, 0, 1).value)?.payload == "BR")
        #expect(afrinic.ipv6.count > 1000)
    }

    @Test func rirAndPrefixToASBadLines() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let rir = try folder.write("d", """
            2|test|20230323|5|00000000|20230323|00000
            test|*|ipv4|*|3|summary
            test|ZA|ipv4|41.0.0.0|1536|20080101|allocated|x
            test|ZA|ipv4|300.0.0.0|256|20080101|allocated|x
            test|KE|ipv4|41.1.0.0|256|20080101|available|x
            test|Kenya|asn|1|1|20080101|allocated|x
            test|KE|ipv6|2c0f::|200|20080101|assigned|x
            broken
            """)
        let r = try RIRDelegated.load(path: rir)
        #expect(r.ipv4.map(\.0.description) == ["41.0.0.0/22", "41.0.4.0/23"])
        #expect(r.errors.map(\.place) == [.line(4), .line(6), .line(7), .line(8)])

        let pfx = try folder.write("p", """
            ; IP-ASN32-DAT file
            95.56.0.0/20\t9198
            2.133.0.0\t21\t9198_29355
            2a03:2880::\t29\t32934
            95.56.0.1/20\t9198
            10.0.0.0/8\tAS1
            """)
        let t = try PrefixToAS.load(path: pfx)
        #expect(t.ipv4.map { "\($0.0) \($0.1)" } == ["95.56.0.0/20 9198", "2.133.0.0/21 9198"])
        #expect(t.ipv6.map { "\($0.0) \($0.1)" } == ["2a03:2880::/29 32934"])
        #expect(t.errors.map(\.place) == [.line(5), .line(6)])
        #expect(t.errors[0].reason.contains("host bits"))
    }
}

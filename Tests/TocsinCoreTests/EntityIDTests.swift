import Testing
import TocsinCore

@Suite("Entity identifiers")
struct EntityIDTests {
    @Test("well-formed identifiers parse to their kind", arguments: [
        ("country/KZ", EntityID.Kind.country("KZ")),
        ("region/KZ-ALA", .region(country: "KZ", code: "KZ-ALA")),
        ("region/US-CA", .region(country: "US", code: "US-CA")),
        ("region/FR-75", .region(country: "FR", code: "FR-75")),
        ("asn/29355", .asn(29355)),
        ("asn/4294967295", .asn(4_294_967_295)),
        ("country/KZ/mobile", .accessGroup(country: "KZ", group: .mobile)),
        ("country/KZ/fixed", .accessGroup(country: "KZ", group: .fixed)),
    ])
    func parses(text: String, kind: EntityID.Kind) throws {
        let id = try EntityID(text)
        #expect(id.kind == kind)
        #expect(id.rawValue == text)
        #expect(EntityID(kind: kind) == id)
    }

    @Test("malformed identifiers are refused with a reason", arguments: [
        ("", "expected TYPE/CODE"),
        ("KZ", "expected TYPE/CODE"),
        ("country/kz", "two upper-case letters"),
        ("country/KAZ", "two upper-case letters"),
        ("country/KZ/satellite", "/mobile or /fixed"),
        ("region/KZ", "ISO 3166-2"),
        ("region/KZ-ALMA", "ISO 3166-2"),
        ("region/kz-ala", "ISO 3166-2"),
        ("asn/0", "1-4294967295"),
        ("asn/AS29355", "decimal"),
        ("asn/4294967296", "1-4294967295"),
        ("asn/029355", "leading zeros"),
        ("asn/29355/mobile", "no further parts"),
        ("city/Almaty", "unknown entity type 'city'"),
    ])
    func refuses(text: String, fragment: String) {
        #expect {
            try EntityID(text)
        } throws: { error in
            let e = error as! EntityIDError
            return e.text == text && e.description.contains(fragment)
        }
    }

    @Test func countryOfEachKind() throws {
        #expect(try EntityID("region/KZ-ALA").country == "KZ")
        #expect(try EntityID("country/KZ/mobile").country == "KZ")
        #expect(EntityID.asn(9198).country == nil)
    }
}

@Suite("Signal names")
struct SignalNameTests {
    @Test func builtInAndImported() throws {
        #expect(try SignalName("bgp").family == .bgp)
        #expect(try SignalName("bgp6").family == .bgp)
        #expect(try SignalName("bgp_updates").family == .activity)
        #expect(try SignalName("probing").family == .probing)
        #expect(try SignalName("traffic_clients").family == .traffic)
        #expect(try SignalName("telescope").family == .telescope)
        #expect(try SignalName("ioda.bgp").family == .bgp)
        #expect(try SignalName("ioda.ping-slash24").family == .probing)
        #expect(try SignalName("cloudflare.traffic").family == .traffic)
    }

    @Test("unknown signals are refused", arguments: ["", "BGP", "pings", "ioda.", ".bgp", "a.b.c", "ioda.BGP", "x y"])
    func refuses(text: String) {
        #expect(throws: SignalNameError(text: text)) { try SignalName(text) }
    }
}

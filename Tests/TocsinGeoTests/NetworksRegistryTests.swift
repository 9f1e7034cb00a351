import Foundation
import Testing
import TocsinCore
import TocsinGeo
import TocsinTestSupport

@Suite("Networks registry")
struct NetworksRegistryTests {
    @Test func curatedKazakhNetworksHaveTheirAccessType() {
        let registry = NetworksRegistry()
        let expected: [UInt32: AccessType] = [
            9198: .fixed, 50482: .fixed, 29355: .mobile, 21299: .mobile, 206026: .mobile,
            48503: .mobile, 29555: .mobile, 35104: .mobile, 41798: .transit,
        ]
        for (asn, access) in expected {
            let info = registry.network(asn)
            #expect(info?.access == access, "AS\(asn)")
            #expect(info?.country == "KZ")
            #expect(info?.provenance == .curated)
            #expect(info?.source?.isEmpty == false, "every curated row cites its source")
        }
        #expect(Set(registry.members(of: .mobile, country: "KZ")) == [29355, 21299, 206026, 48503, 29555, 35104])
        #expect(Set(registry.members(of: .fixed, country: "KZ")) == [9198, 50482])
    }

    @Test func theCuratedListCoversTheShutdownCountries() {
        let countries = Set(NetworksRegistry.curatedList().map(\.country))
        #expect(countries.isSuperset(of: ["KZ", "IR", "MM", "SD", "ET", "SY", "IQ", "IN", "PK", "RU"]))
        #expect(NetworksRegistry.curatedList().count == 60)
    }

    @Test func operatorBeatsCuratedBeatsHeuristic() throws {
        let own = [Entity(id: .asn(9198), name: "Kazakhtelecom (our label)", country: "KZ", access: .mixed)]
        let registry = NetworksRegistry(operatorEntries: own, known: [(64512, "EXAMPLE-MOBILE-LTE", "KZ"), (64513, "Example Hosting", "KZ")])
        #expect(registry.network(9198)?.access == .mixed)
        #expect(registry.network(9198)?.provenance == .operatorConfig)
        #expect(registry.network(64512)?.access == .mobile)
        #expect(registry.network(64512)?.provenance == .nameHeuristic)
        #expect(registry.network(64512)?.source == "AS name contains 'mobile'")
        #expect(registry.network(64513)?.access == .unknown)
        #expect(registry.members(of: .fixed, country: "KZ") == [50482], "a mixed network is in neither group")
        #expect(registry.members(of: .mobile, country: "KZ").contains(64512))
    }
}

@Suite("Geo database precedence")
struct GeoDatabaseTests {
    @Test func eachFieldNamesItsSource() throws {
        var db = GeoDatabase()
        db.routedIPv4 = IPv4PrefixTable([(try IPv4Prefix("95.56.0.0/16"), UInt32(29355))])
        db.torIPv4 = IPv4PrefixTable([(try IPv4Prefix("95.56.0.0/16"), "KZ")])
        db.registeredIPv4 = IPv4PrefixTable([(try IPv4Prefix("95.0.0.0/8"), "RU"), (try IPv4Prefix("41.0.0.0/8"), "ZA")])
        let a = try db.lookup(IPAddress("95.56.1.1")!)
        #expect(a.asn == 29355)
        #expect(a.country == "KZ")
        #expect(a.access == .mobile)
        #expect(a.asName == "Kcell")
        #expect(a.prefix == "95.56.0.0/16")
        #expect(a.sources == ["asn": .prefixToAS, "prefix": .prefixToAS, "country": .torGeoIP, "access": .curated, "as_name": .curated])
        let b = try db.lookup(IPAddress("41.1.1.1")!)
        #expect(b.country == "ZA")
        #expect(b.sources == ["country": .rirDelegated])
        let c = try db.lookup(IPAddress("2001:db8::1")!)
        #expect(c.sources.isEmpty)
    }

    @Test("libloc beats MaxMind for country; MaxMind gives the region when they agree",
          .enabled(if: FileManager.default.fileExists(atPath: LocationDatabase.defaultPath)))
    func liblocAndMaxMind() throws {
        var files = ReferenceFiles()
        files.mmdb = try TestData.path("geolite2-city-2019/GeoLite2-City.mmdb")
        let db = try files.load().database
        let a = try db.lookup(IPAddress("95.56.0.1")!)
        #expect(a.country == "KZ")
        #expect(a.region == "KZ-ALA")
        #expect(a.sources["country"] == .libloc)
        #expect(a.sources["region"] == .maxmind)
        #expect(a.asName == "Kazakhtelecom")
        #expect(a.access == .fixed)
        var missing = ReferenceFiles()
        missing.libloc = "/nonexistent/location.db"
        #expect {
            try missing.load()
        } throws: { error in
            "\(error)".contains("install Debian's libloc-database, or name a file with --libloc")
        }
    }
}

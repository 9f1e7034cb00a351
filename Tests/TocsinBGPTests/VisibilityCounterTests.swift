import Testing
import TocsinBGP
import TocsinCore
import TocsinGeo
import TocsinTestSupport

/// Visible /24s per origin and country, against a naive per-block computation.
@Suite("Visibility")
struct VisibilityCounterTests {
    static func prefix(_ address: UInt32, _ length: UInt8, pathID: UInt32 = 0) -> RoutePrefix {
        RoutePrefix(address: UInt128(address) << 96, length: length, family: .ipv4, pathID: pathID)
    }

    static let locator = AddressBlockLocator(ipv4: [
        (IPv4Prefix(masking: 0x0A00_0000, length: 9), "KZ"),
        (IPv4Prefix(masking: 0x0A80_0000, length: 9), "UZ"),
        (IPv4Prefix(masking: 0x0A40_0000, length: 16), "KG"),  // inside the KZ half
    ])

    @Test("most specific visible prefix owns each block; half the full-feed peers make it visible")
    func randomTables() {
        var rng = SplitMix64(seed: 11)
        for round in 0..<20 {
            var state = RoutingState()
            let peers = (0..<4).map { state.peer(CollectorPeer(source: "t", address: UInt128($0) << 96, isIPv6: false, asn: 65000 + UInt32($0))) }
            // Random nested prefixes inside 10.0.0.0/8, each given to a random subset of peers.
            var table: [(RoutePrefix, UInt32, [Int])] = []
            for _ in 0..<60 {
                let length = UInt8(12 + rng.next() % 15)  // /12 ... /26
                let address = 0x0A00_0000 | UInt32(truncatingIfNeeded: rng.next()) & 0x00FF_FFFF
                let p = Self.prefix(address, length)
                let origin = UInt32(1 + rng.next() % 5)
                let holders = peers.filter { _ in rng.next() % 3 != 0 }
                table.append((p, origin, holders))
                for h in holders { state.announce(peer: h, prefix: p, origin: origin) }
            }
            let counter = VisibilityCounter(locator: Self.locator, accessGroups: [1: .mobile], thresholds: FullFeedThresholds(ipv4: 0, ipv6: 0))
            let measured = counter.measure(state, updates: [:])

            // Naive: per /24 block, the longest visible prefix covering it wins (last announced
            // origin of that prefix, as the state keeps it).
            var lastOrigin: [RoutePrefix: UInt32] = [:]
            var holders: [RoutePrefix: Set<Int>] = [:]
            for (p0, origin, hs) in table {
                var p = p0
                p.address = p.network
                if !hs.isEmpty { lastOrigin[p] = origin }
                holders[p, default: []].formUnion(hs)
            }
            let full = peers.filter { state.routeCounts(ofPeer: $0).ipv4 > 0 }.count
            var owner: [UInt32: (UInt8, UInt32)] = [:]
            for (p, hs) in holders where hs.count * 2 >= full && !hs.isEmpty {
                let first = p.ipv4 >> 8, last = (p.ipv4 | (p.length >= 32 ? 0 : UInt32.max >> p.length)) >> 8
                for b in first...last where (owner[b]?.0 ?? 0) <= p.length { owner[b] = (p.length, lastOrigin[p]!) }
            }
            var perASN: [UInt32: Double] = [:], perCountry: [String: Double] = [:]
            for (block, (_, origin)) in owner {
                perASN[origin, default: 0] += 1
                let a = block << 8
                let cc = (a >> 16) == 0x0A40 ? "KG" : (a < 0x0A80_0000 ? "KZ" : "UZ")
                perCountry[cc, default: 0] += 1
            }
            for (asn, n) in perASN {
                #expect(measured.values[SeriesKey(entity: .asn(asn), signal: .bgp)] == n, "round \(round) AS\(asn)")
            }
            for (cc, n) in perCountry {
                #expect(measured.values[SeriesKey(entity: try! .country(cc), signal: .bgp)] == n, "round \(round) \(cc)")
            }
        }
    }

    @Test("withdrawal, ADD-PATH ids and session loss")
    func lifecycle() {
        var state = RoutingState()
        let a = state.peer(CollectorPeer(source: "t", address: 1, isIPv6: false, asn: 1))
        let b = state.peer(CollectorPeer(source: "t", address: 2, isIPv6: false, asn: 2))
        let p = Self.prefix(0x0A01_0000, 16)
        state.announce(peer: a, prefix: p, origin: 9198)
        state.announce(peer: b, prefix: p, origin: 9198)
        var second = p
        second.pathID = 7
        state.announce(peer: a, prefix: second, origin: 9198)
        let counter = VisibilityCounter(locator: Self.locator, thresholds: FullFeedThresholds(ipv4: 0, ipv6: 0))
        let key = SeriesKey(entity: .asn(9198), signal: .bgp)
        #expect(counter.measure(state, updates: [:]).values[key] == 256)
        state.withdraw(peer: a, prefix: p)
        #expect(counter.measure(state, updates: [:]).values[key] == 256)  // path 7 still there
        state.clear(peer: a)
        #expect(counter.measure(state, updates: [:]).values[key] == 256)  // b alone is every full-feed peer
        state.withdraw(peer: b, prefix: p)
        #expect(counter.measure(state, updates: [:]).values[key] == nil)
        state.announce(peer: a, prefix: Self.prefix(0x0A01_0000, 40), origin: 1)
        #expect(state.malformedPrefixes == 1)
    }

    @Test("bins: a series once seen reads 0 when its routes go, quiet bins are filled")
    func recorder() {
        let counter = VisibilityCounter(locator: Self.locator, thresholds: FullFeedThresholds(ipv4: 0, ipv6: 0))
        var recorder = BGPSignalRecorder(counter: counter)
        let peer = recorder.state.peer(CollectorPeer(source: "t", address: 1, isIPv6: false, asn: 1))
        #expect(recorder.advance(to: 1_000).isEmpty)
        recorder.state.announce(peer: peer, prefix: Self.prefix(0x0A01_0000, 24), origin: 9198)
        let first = recorder.advance(to: 1_000 + 900)  // closes bin 900, fills 1200 and 1500
        #expect(Set(first.map(\.time)) == [900, 1200, 1500])
        #expect(first.contains { $0.time == 900 && $0.key == SeriesKey(entity: .asn(9198), signal: .bgp) && $0.value == 1 })
        #expect(first.contains { $0.time == 900 && $0.key.signal.rawValue == "bgp_updates" && $0.value == 1 })
        #expect(first.contains { $0.time == 1200 && $0.key.signal.rawValue == "bgp_updates" && $0.value == 0 })
        recorder.state.withdraw(peer: peer, prefix: Self.prefix(0x0A01_0000, 24))
        let last = recorder.finish()
        #expect(last.contains { $0.time == 1800 && $0.key == SeriesKey(entity: .asn(9198), signal: .bgp) && $0.value == 0 })
    }
}

/// Regions come from a MaxMind City database, checked against `mmdblookup`.
@Suite("Visibility by region")
struct RegionVisibilityTests {
    @Test func regionsFromMaxMind() throws {
        let mmdb = try TestData.path("geolite2-city-2019/GeoLite2-City.mmdb")
        var geo = GeoDatabase()
        geo.libloc = try LocationDatabase()
        geo.maxmind = try MaxMindDatabase(path: mmdb)
        let counter = VisibilityCounter(geo: geo, thresholds: FullFeedThresholds(ipv4: 0, ipv6: 0))
        var state = RoutingState()
        let peer = state.peer(CollectorPeer(source: "t", address: 1, isIPv6: false, asn: 1))
        state.announce(peer: peer, prefix: RoutePrefix(address: UInt128(0x5F38_0000) << 96, length: 20, family: .ipv4), origin: 9198)  // 95.56.0.0/20
        let values = counter.measure(state, updates: [:]).values
        // mmdblookup --file GeoLite2-City.mmdb --ip 95.56.0.1 subdivisions 0 iso_code → "ALA"
        let reference = try ExternalTool.run("mmdblookup", ["--file", mmdb, "--ip", "95.56.0.1", "subdivisions", "0", "iso_code"])
        let sub = try #require(reference.stdout.split(separator: "\"").dropFirst().first.map(String.init))
        #expect(values[SeriesKey(entity: try EntityID("region/KZ-\(sub)"), signal: .bgp)] == 16)
        #expect(values[SeriesKey(entity: try .country("KZ"), signal: .bgp)] == 16)
    }
}

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TocsinTestSupport
import TocsinCore
import TocsinServer
import TocsinStore

/// A drop of one signal while the others hold is stored as a signal fault by the detector
/// run, served at /api/faults and listed on the entity page, and raises no event.
@Suite("Signal faults over HTTP", .serialized)
struct SignalFaultEndpointTests {
    static let start: Int64 = 1_640_995_200
    let net = EntityID.asn(9198)

    @Test func aTrafficOnlyDropIsAFaultNotAnEvent() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = try SQLiteSignalStore(path: folder.file("db.sqlite"))
        let drop = (20 * 288 + 100)..<(20 * 288 + 130)
        for signal in [SignalName.bgp, .probing, .traffic] {
            try await store.upsert(points: (0..<(21 * 288)).map { i in
                let normal = 1000 * (1 + (signal == .traffic ? 0.3 : 0.02) * sin(2 * Double.pi * Double(i % 288) / 288))
                return SignalPoint(entity: net, signal: signal, time: Self.start + Int64(i) * 300,
                                   value: signal == .traffic && drop.contains(i) ? normal * 0.5 : normal)
            })
        }
        try await store.upsert(entities: [Entity(id: net, name: "Kazakhtelecom", country: "KZ", access: .fixed)])
        let result = try await StoreDetection().run(on: store)
        #expect(result.events.isEmpty)
        #expect(result.faults.count == 1)

        var config = ObservatoryConfig()
        config.data = folder.path
        config.sources.inbox.enabled = false
        let server = try await RunningServer.start(config: config, store: store)
        let faults = try #require(try await server.json("/api/faults?entity=asn/9198") as? [[String: Any]])
        #expect(faults.count == 1)
        #expect(faults.first?["signal"] as? String == "traffic")
        #expect(faults.first?["start"] as? Int == Int(Self.start) + (20 * 288 + 100) * 300)
        #expect(faults.first?["end"] as? Int == Int(Self.start) + (20 * 288 + 130) * 300)
        #expect(faults.first?["held"] as? [String] == ["bgp", "probing"])
        let none = try #require(try await server.json("/api/faults?entity=asn/1") as? [[String: Any]])
        #expect(none.isEmpty)
        #expect(try await server.request("/api/faults?limit=x").status == 400)
        let events = try #require(try await server.json("/api/events?entity=asn/9198") as? [[String: Any]])
        #expect(events.isEmpty)

        let page = try await server.request("/entity?id=asn/9198&range=7d")
        #expect(page.status == 200)
        #expect(page.body.contains("<h2>Signal faults</h2>"))
        #expect(page.body.contains("traffic −50% from 2022-01-21T08:20:00Z until 2022-01-21T10:50:00Z while bgp, probing held"))
        await server.stop()
    }
}

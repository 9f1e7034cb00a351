import Foundation
import Hummingbird
import NIOCore
import Synchronization
import Testing
import TocsinCore
import TocsinServer
import TocsinStore
import TocsinTestSupport

@Suite("Webhooks", .serialized)
struct WebhookTests {
    @Test("each alert arrives exactly once, signed, across a restart", .timeLimit(.minutes(2)))
    func exactlyOnceAcrossRestart() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let log = ReceivedAlerts()
        let receiver = try await WebhookReceiver.start(log)
        let store = try SQLiteSignalStore(path: folder.file("db.sqlite"))
        let kz = try EntityID("country/KZ")
        let start: Int64 = 1_640_995_200
        try await store.upsert(points: (0..<(10 * 288)).map { i in
            SignalPoint(entity: kz, signal: .probing, time: start + Int64(i) * 300, value: (8 * 288 + 126)..<(8 * 288 + 133) ~= i ? 20 : 1000)
        })
        try await store.upsert(points: (0..<(10 * 288)).map { i in
            SignalPoint(entity: .asn(9198), signal: .probing, time: start + Int64(i) * 300, value: i >= 9 * 288 ? 5 : 700)
        })
        try await store.upsert(entities: [Entity(id: kz, name: "Kazakhstan")])
        var config = ObservatoryConfig()
        config.sources.inbox.enabled = false
        config.detect.interval = 0.2
        config.webhooks = [
            .init(url: "http://127.0.0.1:\(receiver.port)/hook", secret: "s3cret", entities: ["country/"]),
        ]
        for _ in 0..<2 {  // run, stop, run again on the same store
            let server = try await RunningServer.start(config: config, store: store)
            for _ in 0..<100 where log.all.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
            try await Task.sleep(for: .milliseconds(800))
            await server.stop()
        }
        await receiver.stop()
        let alerts = log.all
        #expect(alerts.count == 1, "the KZ event once; asn/9198 is filtered out by the hook")
        let alert = try #require(alerts.first)
        #expect(alert.signature == "sha256=" + WebhookSignature.hex(key: "s3cret", message: alert.body))
        #expect(alert.delivery != nil)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(alert.body.utf8)) as? [String: Any])
        #expect(object["version"] as? String == "closed")
        #expect((object["text"] as? String)?.hasPrefix("Kazakhstan: nation-scale Internet disruption from 2022-01-09 10:30 UTC") == true)
        #expect((object["event"] as? [String: Any])?["entity"] as? String == "country/KZ")
    }
}

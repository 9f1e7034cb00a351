import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TocsinCore
import TocsinServer
import TocsinStore
import TocsinTestSupport
@testable import TocsinServer

@Suite("Security: headers, write tokens, throttling", .serialized)
struct SecurityTests {
    @Test func everyAnswerCarriesTheSecurityHeaders() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = try SQLiteSignalStore(path: folder.file("db.sqlite"))
        try await store.upsert(entities: [Entity(id: .asn(29355), name: "<script>alert(1)</script> Kcell", country: "KZ")])
        var config = ObservatoryConfig()
        config.data = folder.path
        config.sources.inbox.enabled = false
        let server = try await RunningServer.start(config: config, store: store)
        for (path, status) in [("/", 200), ("/api/entities", 200), ("/entity?id=asn/29355", 200), ("/entity?id=nonsense", 400),
                               ("/no/such/page", 404), ("/api/series?entity=asn/29355", 400)] {
            let r = try await server.exchange(path)
            #expect(r.status == status, "\(path)")
            let csp = r.headers["content-security-policy"] ?? ""
            // Scripts only from the server itself (its one chart script), never inline.
            #expect(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self';"), "\(path): \(csp)")
            #expect(r.headers["x-content-type-options"] == "nosniff", "\(path)")
            #expect(r.headers["referrer-policy"] == "no-referrer", "\(path)")
        }
        let page = String(decoding: try await server.exchange("/entity?id=asn/29355").body, as: UTF8.self)
        #expect(!page.contains("<script>") && page.contains("&lt;script&gt;"))
        #expect(page.components(separatedBy: "<script").count == 2 && page.contains("<script src=\"/static/chart.js\" defer></script>"), "one script, from the server")
        await server.stop()
    }

    @Test func writesNeedTheRightTokenAndFailuresAreThrottled() async throws {
        let auth = WriteAuthorization(tokens: ["s3cret", "other"], failures: FailureBudget(limit: 3))
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(await auth.check("Bearer s3cret", now: now) == .allowed)
        #expect(await auth.check("Bearer other", now: now) == .allowed)
        #expect(await auth.check(nil, now: now) == .missing)
        #expect(await auth.check("Bearer ", now: now) == .missing)
        #expect(await auth.check("Basic czNjcmV0", now: now) == .missing)
        #expect(await auth.check("Bearer s3cre", now: now) == .throttled(retryAfter: 60), "the fourth failure in a minute")
        #expect(await auth.check("Bearer s3cret", now: now) == .allowed, "a valid token still writes")
        #expect(await auth.check("Bearer guess", now: now.addingTimeInterval(61)) == .wrong, "a new minute")
        #expect(await WriteAuthorization(tokens: []).check("Bearer s3cret") == .disabled)
    }

    @Test func theServerAnswers401And403And429() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = try SQLiteSignalStore(path: folder.file("db.sqlite"))
        var config = ObservatoryConfig()
        config.data = folder.path
        config.tokens = ["s3cret"]
        config.sources.inbox.enabled = false
        let server = try await RunningServer.start(config: config, store: store)
        let csv = Data("time,entity,signal,value\n1641378600,asn/9198,bgp,10\n".utf8)
        let missing = try await server.exchange("/api/signals", method: "POST", body: csv)
        #expect(missing.status == 401)
        #expect(missing.headers["www-authenticate"] == "Bearer")
        #expect(try await server.exchange("/api/signals", method: "POST", body: csv, headers: ["Authorization": "Bearer nope"]).status == 403)
        var statuses: [Int] = []
        for i in 0..<40 {
            statuses.append(try await server.exchange("/api/signals", method: "POST", body: csv, headers: ["Authorization": "Bearer guess\(i)"]).status)
        }
        #expect(statuses.filter { $0 == 403 }.count == 28, "30 failures a minute, two spent above")
        let throttled = try await server.exchange("/api/signals", method: "POST", body: csv, headers: ["Authorization": "Bearer guess"])
        #expect(throttled.status == 429)
        #expect(Int(throttled.headers["retry-after"] ?? "") ?? 0 > 0)
        #expect(try await server.exchange("/api/signals", method: "POST", body: csv, headers: ["Authorization": "Bearer s3cret"]).status == 200)
        #expect(try await store.seriesKeys(entity: nil).count == 1, "only the valid write landed")
        await server.stop()
    }
}

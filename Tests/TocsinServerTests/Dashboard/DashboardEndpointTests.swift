import Foundation
import Testing
import TocsinTestSupport
import TocsinCore
import TocsinServer
import TocsinStore

/// The dashboard over a real socket: incidents, search, languages, the map's state at a
/// moment, the embeddable chart and the social card.
@Suite("Dashboard over HTTP", .serialized)
struct DashboardEndpointTests {
    static let eventID = "country-KZ-1641724200"

    func withServer(_ body: (RunningServer) async throws -> Void) async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var config = ObservatoryConfig()
        config.data = folder.path
        config.sources.inbox.enabled = false
        let server = try await RunningServer.start(config: config, store: try await ServerEndpointTests().seededStore(folder))
        do { try await body(server) } catch { await server.stop(); throw error }
        await server.stop()
    }

    @Test func incidentsSearchAndTheFeedGroupEvents() async throws {
        try await withServer { server in
            let answer = try #require(try await server.json("/api/incidents?days=30") as? [String: Any])
            let incidents = try #require(answer["incidents"] as? [[String: Any]])
            #expect(incidents.map { $0["entity"] as? String } == ["country/KZ"])
            #expect((incidents.first?["cuts"] as? [Any])?.count == 1)
            #expect(incidents.first?["ongoing"] as? Bool == false)
            #expect(answer["as_of"] as? Int == 1_640_995_200 + 10 * 86_400)
            #expect(try await server.request("/api/incidents?days=0").status == 400)
            #expect(try await server.request("/api/incidents?country=kz").status == 400)
            let atMoment = try #require(try await server.json("/api/incidents?until=2022-01-09T10:50:00Z") as? [String: Any])
            #expect(((atMoment["incidents"] as? [[String: Any]])?.first?["ongoing"] as? Bool) == true, "as seen at 10:50 it was under way")

            let found = try #require(try await server.json("/api/search?q=29355") as? [[String: Any]])
            #expect(found.map { $0["entity"] as? String } == ["asn/29355"])
            let page = try await server.request("/search?q=kazakh")
            #expect(page.body.contains("<a href=\"/entity?id=country/KZ\">Kazakhstan</a>"))

            let feed = try await server.request("/feed.atom")
            #expect(feed.body.contains("<id>tag:tocsin,2022:incident/\(Self.eventID)</id>"))
            #expect(feed.body.components(separatedBy: "<entry>").count == 2)
            let russian = try await server.request("/feed/KZ.atom?lang=ru")
            #expect(russian.body.contains("xml:lang=\"ru\"") && russian.body.contains("<title>Kazakhstan: нарушение работы интернета в масштабах страны с 2022-01-09 10:30 UTC по 2022-01-09 11:05 UTC"))
        }
    }

    @Test func theOverviewShowsTheMapAndIncidentsAtAMoment() async throws {
        try await withServer { server in
            let during = try await server.request("/?until=2022-01-09T10:50:00Z")
            #expect(during.body.contains("<path data-country=\"KZ\" data-state=\"outage\""))
            #expect(during.body.contains("<li class=\"incident\" data-entity=\"country/KZ\" data-incident=\"\(Self.eventID)\" data-state=\"ongoing\">"))
            let after = try await server.request("/")
            #expect(after.body.contains("<path data-country=\"KZ\" data-state=\"normal\""))
            #expect(after.body.contains("data-state=\"ended\""))
            #expect(try await server.request("/?window=7d").body.contains("<path data-country=\"KZ\" data-state=\"outage\""), "the worst of the last 7 days")
            #expect(after.body.contains("<path data-country=\"FR\" data-state=\"no-data\""))
        }
    }

    @Test func pagesSpeakTheReadersLanguage() async throws {
        try await withServer { server in
            let russian = try await server.exchange("/?lang=ru")
            let body = String(decoding: russian.body, as: UTF8.self)
            #expect(body.contains("<html lang=\"ru\">") && body.contains("Обсерватория отключений интернета"))
            #expect(russian.headers["content-language"] == "ru")
            #expect(russian.headers["set-cookie"]?.hasPrefix("lang=ru;") == true)
            let kept = try await server.request("/search", headers: ["Cookie": "lang=ru"])
            #expect(kept.body.contains("<html lang=\"ru\">"), "the chosen language sticks")
            let french = try await server.request("/event?id=\(Self.eventID)", headers: ["Accept-Language": "fr-FR,fr;q=0.9,en;q=0.5"])
            #expect(french.body.contains("Kazakhstan: perturbation d’Internet à l’échelle nationale du 2022-01-09 10:30 UTC au 2022-01-09 11:05 UTC"))
            #expect(french.body.contains("Chronologie (UTC, avec l’heure locale de Asia/Almaty)"))
            #expect(try await server.request("/").body.contains("<html lang=\"en\">"))
        }
    }

    @Test func theChartScriptTheEmbedAndTheCard() async throws {
        try await withServer { server in
            let script = try await server.exchange("/static/chart.js")
            #expect(script.headers["content-type"]?.hasPrefix("text/javascript") == true)
            #expect(String(decoding: script.body, as: UTF8.self).contains("svg.chart[data-from]"))

            let embed = try await server.exchange("/embed?id=\(Self.eventID)")
            #expect(embed.status == 200)
            #expect(embed.headers["content-security-policy"]?.contains("frame-ancestors *") == true, "another site may frame the embed")
            #expect(String(decoding: embed.body, as: UTF8.self).contains("class=\"chart\""))
            let page = try await server.exchange("/event?id=\(Self.eventID)")
            #expect(page.headers["content-security-policy"]?.contains("frame-ancestors 'none'") == true, "…and nothing else")
            #expect(String(decoding: page.body, as: UTF8.self).contains("&lt;iframe src=&quot;http://127.0.0.1:\(server.port)/embed?id=\(Self.eventID)&quot; width=&quot;720&quot;"), "the code to copy")

            let card = try await server.exchange("/event.card.png?id=\(Self.eventID)")
            #expect(card.status == 200)
            #expect(card.body.starts(with: [0x89, 0x50, 0x4E, 0x47]))
            // The PNG header: 1200 × 630.
            let size = card.body.count > 24 ? (card.body[16..<24].reduce(into: [UInt8]()) { $0.append($1) }) : []
            #expect(size == [0, 0, 4, 176, 0, 0, 2, 118])
            #expect(try await server.request("/embed?id=nothing-1").status == 404)
        }
    }
}

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TocsinTestSupport
import TocsinCore
import TocsinServer
import TocsinStore

@Suite("HTTP server over a real socket", .serialized)
struct ServerEndpointTests {
    static let start: Int64 = 1_640_995_200

    /// A store with 10 days of KZ probing with a 35-minute blackout on day 8, and a named network.
    func seededStore(_ folder: TemporaryFolder) async throws -> SQLiteSignalStore {
        let store = try SQLiteSignalStore(path: folder.file("db.sqlite"))
        let kz = try EntityID("country/KZ")
        let points = (0..<(10 * 288)).map { i in
            SignalPoint(entity: kz, signal: .probing, time: Self.start + Int64(i) * 300,
                        value: (8 * 288 + 126)..<(8 * 288 + 133) ~= i ? 20 : 1000)
        }
        try await store.upsert(points: points)
        try await store.upsert(points: (0..<(10 * 288)).map { i in
            SignalPoint(entity: .asn(29355), signal: .probing, time: Self.start + Int64(i) * 300, value: 400)
        })
        try await store.upsert(entities: [
            Entity(id: kz, name: "Kazakhstan"),
            Entity(id: .asn(29355), name: "<script>alert(1)</script> Kcell", country: "KZ", access: .mobile),
        ])
        // Tocsin's own probing saw a block of AS9198 go dark during the blackout, and one
        // elsewhere at another time.
        try await store.replaceProbeBlocks(family: 4, [ProbeBlockRecord(prefix: "95.56.12.0/24", family: 4, hosts: Array(1...20), availability: 0.9, up: true, changedAt: nil)])
        try await store.recordProbeChanges([
            ProbeBlockChange(prefix: "95.56.12.0/24", up: false, time: 1_641_724_272, asn: 9198, country: "KZ", access: "fixed"),
            ProbeBlockChange(prefix: "95.56.12.0/24", up: true, time: 1_641_726_240, asn: 9198, country: "KZ", access: "fixed"),
            ProbeBlockChange(prefix: "8.8.8.0/24", up: false, time: 1_641_724_300, asn: 15169, country: "US"),
            ProbeBlockChange(prefix: "95.56.13.0/24", up: false, time: 1_641_000_000, asn: 9198, country: "KZ", access: "fixed"),
        ])
        try await StoreDetection().run(on: store)
        return store
    }

    @Test func readEndpoints() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var config = ObservatoryConfig()
        config.data = folder.path
        config.sources.inbox.enabled = false
        let server = try await RunningServer.start(config: config, store: try await seededStore(folder))

        let health = try await server.request("/health")
        #expect(health.status == 200)
        #expect(health.body == #"{"status":"ok"}"#)

        let entities = try #require(try await server.json("/api/entities") as? [[String: Any]])
        #expect(entities.map { $0["entity"] as? String } == ["asn/29355", "country/KZ"])
        #expect(entities[1]["signals"] as? [String] == ["probing"])
        #expect(entities[0]["signals"] as? [String] == ["probing"])
        #expect(entities[0]["access"] as? String == "mobile")

        let from = Self.start + 8 * 86_400 + 10 * 3600
        let series = try #require(try await server.json("/api/series?entity=country/KZ&signal=probing&from=\(from)&until=2022-01-09T11:00:00Z") as? [String: Any])
        let points = try #require(series["points"] as? [[Any]])
        #expect(points.count == 12)
        #expect(points.first?.first as? Int == Int(from))
        #expect(points[6][1] as? Double == 20)

        let withBaseline = try #require(try await server.json("/api/series?entity=country/KZ&signal=probing&from=\(from)&until=2022-01-09T11:00:00Z&baseline=true") as? [String: Any])
        let expected = try #require(withBaseline["expected"] as? [[Double]])
        #expect(expected.count == 12)
        #expect(expected.allSatisfy { abs($0[1] - 1000) < 1 && $0[2] <= $0[1] && $0[1] <= $0[3] }, "the expectation stays at normal through the outage")

        let defaultRange = try #require(try await server.json("/api/series?entity=country/KZ&signal=probing") as? [String: Any])
        #expect((defaultRange["points"] as? [Any])?.count == 7 * 288, "the last 7 days by default")

        let events = try #require(try await server.json("/api/events?entity=country/KZ") as? [[String: Any]])
        #expect(events.count == 1)
        #expect(events.first?["start"] as? Int == Int(Self.start + 8 * 86_400 + 126 * 300))
        #expect(events.first?["scope"] as? String == "national")
        #expect(try #require(try await server.json("/api/events?ongoing=true") as? [Any]).isEmpty)
        #expect(try #require(try await server.json("/api/events?scope=mobile") as? [Any]).isEmpty)

        let feed = try await server.request("/feed.atom")
        #expect(feed.status == 200)
        #expect(feed.contentType?.hasPrefix("application/atom+xml") == true)
        #expect(feed.body.contains("Kazakhstan: nation-scale Internet disruption from 2022-01-09 10:30 UTC to 2022-01-09 11:05 UTC; connectivity at 2% of ordinary levels"))
        #expect(XMLParser(data: Data(feed.body.utf8)).parse(), "the feed is well-formed XML")
        #expect(try await server.request("/feed/KZ.atom").body.contains("<entry>"))
        #expect(!(try await server.request("/feed/IR.atom").body.contains("<entry>")))
        #expect(try await server.request("/feed/kz.atom").status == 400)

        let csv = try await server.request("/api/events.csv")
        #expect(csv.body.hasPrefix(EventExports.csvHeader + "\n"))
        #expect(csv.body.contains("country-KZ-1641724200,country/KZ,Kazakhstan,2022-01-09T10:30:00Z,2022-01-09T11:05:00Z"))
        let stop = try await server.request("/api/events.keepiton.csv")
        let stopLines = stop.body.split(separator: "\n")
        #expect(stopLines.count == 2)
        #expect(stopLines[1].hasPrefix(#"Actual,2022-01-09 10:30:00,Kazakhstan,"It affected locations in more than one state, province, or region",,Shutdown,"#))
        #expect(stopLines[1].contains(",Shutdown,\"Broadband, Mobile\",Full network,"))
        // The header of Access Now's own 2022 STOP export (Tests/Data/keepiton).
        let real = try TestData.path("keepiton/keepiton_2022_data.csv")
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: real)).prefix { $0 != 0x0A })
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if bytes.last == 0x0D { bytes.removeLast() }
        #expect(String(stopLines[0]) == String(decoding: bytes, as: UTF8.self), "the STOP columns, in order")

        // IODA v2-compatible answers, in IODA's envelope.
        let raw = try #require(try await server.json("/v2/signals/raw/country/KZ?from=\(from)&until=\(from + 3600)&datasource=ping-slash24") as? [String: Any])
        #expect(Set(raw.keys) == ["type", "metadata", "requestParameters", "error", "perf", "data", "copyright"])
        #expect(raw["error"] is NSNull)
        let iodaSeries = try #require((raw["data"] as? [[[String: Any]]])?.first?.first)
        #expect(iodaSeries["datasource"] as? String == "ping-slash24")
        #expect(iodaSeries["entityName"] as? String == "Kazakhstan")
        #expect((iodaSeries["values"] as? [Any])?.count == 12)
        #expect(((iodaSeries["values"] as? [Any])?[6] as? Double) == 20)
        let coarse = try #require(try await server.json("/v2/signals/raw/country/KZ?from=\(from)&until=\(from + 3600)&maxPoints=4") as? [String: Any])
        let coarseSeries = try #require((coarse["data"] as? [[[String: Any]]])?.first?.first)
        #expect((coarseSeries["values"] as? [Any])?.count == 4)
        #expect(coarseSeries["step"] as? Int == 900)
        let badRaw = try await server.request("/v2/signals/raw/country/KZ?from=10")
        #expect(badRaw.status == 400 && badRaw.body.contains("\"error\":\"from and until"))
        let ents = try #require(try await server.json("/v2/entities/query?entityType=asn&relatedTo=country/KZ") as? [String: Any])
        let entData = try #require(ents["data"] as? [[String: Any]])
        #expect(entData.map { $0["code"] as? String } == ["29355"])

        let summary = try #require(try await server.json("/api/summary") as? [String: Any])
        let countries = try #require(summary["countries"] as? [[String: Any]])
        #expect(countries.map { $0["entity"] as? String } == ["country/KZ"])
        #expect(countries.first?["state"] as? String == "normal" && countries.first?["name"] as? String == "Kazakhstan")
        #expect((summary["ongoing"] as? [Any])?.isEmpty == true)
        let thinned = try #require(try await server.json("/api/series?entity=country/KZ&signal=probing&from=\(from)&until=\(from + 3600)&maxPoints=4") as? [String: Any])
        let thinPoints = try #require(thinned["points"] as? [[Any]])
        #expect(thinPoints.map { $0[0] as? Int } == [Int(from), Int(from + 900), Int(from + 1800), Int(from + 2700)])
        #expect(thinPoints[2][1] as? Double == 20, "bins 6-8 of the hour are the blackout")
        #expect(try await server.request("/api/series?entity=country/KZ&signal=probing&maxPoints=0").status == 400)

        // IODA's outage endpoints: the blackout as an event (codf and ioda formats) and its alerts.
        let window = "from=\(Self.start)&until=\(Self.start + 10 * 86_400)"
        let codf = try #require(try await server.json("/v2/outages/events?\(window)") as? [String: Any])
        #expect(codf["type"] as? String == "outages.events")
        let codfEvents = try #require(codf["data"] as? [[String: Any]])
        let blackout = Self.start + Int64(8 * 288 + 126) * 300
        let kzEvent = try #require(codfEvents.first { $0["location"] as? String == "country/KZ" })
        #expect(kzEvent["start"] as? Int == Int(blackout))
        #expect(kzEvent["duration"] as? Int == 7 * 300)
        #expect(kzEvent["location_name"] as? String == "Kazakhstan")
        #expect((kzEvent["score"] as? Double ?? 0) > 0)
        #expect(kzEvent["uncertainty"] is NSNull && kzEvent["status"] as? Int == 0)
        let iodaFormat = try #require(try await server.json("/v2/outages/events/country/KZ?\(window)&format=ioda&includeAlerts=true") as? [String: Any])
        let iodaEvent = try #require((iodaFormat["data"] as? [[String: Any]])?.first)
        #expect((iodaEvent["entity"] as? [String: Any])?["code"] as? String == "KZ")
        #expect(iodaEvent["datasource"] as? String == "ping-slash24")
        #expect(iodaEvent["from"] as? Int == Int(blackout) && iodaEvent["until"] as? Int == Int(blackout + 2100))
        #expect((iodaEvent["alerts"] as? [[String: Any]])?.map { $0["level"] as? String } == ["critical", "normal"])
        let alerts = try #require(try await server.json("/v2/outages/alerts/country/KZ?\(window)&datasource=ping-slash24") as? [String: Any])
        let alertList = try #require(alerts["data"] as? [[String: Any]])
        #expect(alertList.map { $0["time"] as? Int } == [Int(blackout), Int(blackout + 2100)])
        #expect((alertList.first?["value"] as? Double ?? 1000) < 100 && (alertList.first?["historyValue"] as? Double ?? 0) > 900)
        let noBGP = try #require(try await server.json("/v2/outages/alerts/country/KZ?\(window)&datasource=bgp") as? [String: Any])
        #expect((noBGP["data"] as? [Any])?.isEmpty == true)
        let noFrom = try await server.request("/v2/outages/events?until=1")
        #expect(noFrom.status == 400 && noFrom.body.contains("'from' timestamp must be set"))
        #expect(try await server.request("/v2/outages/events?\(window)&format=xml").status == 400)

        let page = try await server.request("/entity?id=country/KZ&range=24h&until=2022-01-10T00:00:00Z")
        #expect(page.status == 200)
        #expect(page.body.contains("<svg"))
        #expect(page.body.contains("class=\"line\""))
        #expect(page.body.contains("class=\"band\""))
        #expect(page.body.contains("class=\"event\""), "the outage is shaded")
        #expect(page.body.contains("<h2>Networks</h2>"))
        #expect(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt; Kcell (probing)"), "names are escaped inside SVG too")
        #expect(page.body.contains("Kazakhstan: nation-scale Internet disruption"))
        let hostile = try await server.request("/entity?id=asn/29355")
        #expect(hostile.body.contains("&lt;script&gt;alert(1)&lt;/script&gt; Kcell"))
        #expect(!hostile.body.contains("<script>"))
        #expect(try await server.request("/entity?id=nowhere").status == 400)

        let eventPage = try await server.request("/event?id=country-KZ-1641724200")
        #expect(eventPage.status == 200)
        #expect(eventPage.body.contains("<h2>Timeline (UTC, with local time in Asia/Almaty)</h2>"))
        #expect(eventPage.body.contains("2022-01-09T10:30:00Z (2022-01-09 16:30 Asia/Almaty (UTC+06:00)): probing fell 98%"))
        #expect(eventPage.body.contains("2022-01-09T11:05:00Z (2022-01-09 17:05 Asia/Almaty (UTC+06:00)): end of the event"))
        #expect(eventPage.body.contains("/event.png?id=country-KZ-1641724200"))
        #expect(eventPage.body.contains("class=\"event\""))
        #expect(eventPage.body.contains("<h2>Probed blocks</h2>"))
        #expect(eventPage.body.contains("<li>block 95.56.12.0/24 of AS9198 down at 2022-01-09T10:31:12Z</li>\n<li>block 95.56.12.0/24 of AS9198 up at 2022-01-09T11:04:00Z</li>\n</ul>"),
                "the blocks of the country around the event, and only those")
        let changes = try #require(try await server.json("/api/probing/changes?entity=country/KZ/fixed&from=1641720000") as? [[String: Any]])
        #expect(changes.map { $0["prefix"] as? String } == ["95.56.12.0/24", "95.56.12.0/24"] && changes.first?["asn"] as? Int == 9198)
        #expect(try await server.request("/api/probing/changes").status == 400, "an entity is required")
        let eventPoints = try await server.request("/event.csv?id=country-KZ-1641724200")
        #expect(eventPoints.body.hasPrefix("time,entity,signal,value\n"))
        #expect(eventPoints.body.contains("1641724200,country/KZ,probing,20"))
        let svg = try await server.request("/event.svg?id=country-KZ-1641724200")
        #expect(svg.contentType == "image/svg+xml")
        #expect(svg.body.hasPrefix("<svg"))
        let (png, pngResponse) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(server.port)/event.png?id=country-KZ-1641724200")!)
        #expect((pngResponse as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Type") == "image/png")
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) && png.count > 5_000, "a real PNG from rsvg-convert")
        let custom = try await server.request("/entity?id=country/KZ&from=2022-01-09T00:00:00Z&until=2022-01-09T12:00:00Z")
        #expect(custom.body.contains("From 2022-01-09 00:00 UTC (06:00 Asia/Almaty) to 2022-01-09 12:00 UTC (18:00 Asia/Almaty)."))
        #expect(custom.body.contains("name=\"from\" value=\"2022-01-09T00:00:00Z\""))
        #expect(try await server.request("/event?id=country-KZ-1").status == 404)
        #expect(try await server.request("/event?id=nonsense").status == 404)

        let index = try await server.request("/")
        #expect(index.status == 200)
        #expect(index.contentType?.hasPrefix("text/html") == true)
        #expect(!index.body.contains("<script>"))
        #expect(index.body.contains("from 2022-01-09 10:30 UTC (16:30 Asia/Almaty) · lasted 35 min · down to 2% of normal"))
        #expect(index.body.contains("<h2 id=\"countries-title\">Countries</h2>"))
        let everything = try await server.request("/search")
        #expect(everything.body.contains("&lt;script&gt;alert(1)&lt;/script&gt; Kcell") && !everything.body.contains("<script>alert"))
        #expect(index.body.contains("class=\"state-normal\">normal"), "the KZ event has ended")
        #expect(index.body.contains("<svg class=\"spark\""))
        await server.stop()
    }

    @Test("bad requests get a 400 that says why", arguments: [
        ("/api/series?entity=country/KZ", "entity and signal are required"),
        ("/api/series?entity=country/Kazakhstan&signal=bgp", "invalid entity"),
        ("/api/series?entity=country/KZ&signal=pings", "unknown signal"),
        ("/api/series?entity=country/KZ&signal=bgp&from=tomorrow", "from must be"),
        ("/api/series?entity=country/KZ&signal=bgp&from=0&until=100000000", "at most 366 days"),
        ("/api/series?entity=country/KZ&signal=bgp&from=600&until=300", "before until"),
        ("/api/events?scope=planet", "unknown scope"),
        ("/api/events?limit=0", "limit must be"),
    ])
    func badRequests(path: String, fragment: String) async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var config = ObservatoryConfig()
        config.sources.inbox.enabled = false
        let server = try await RunningServer.start(config: config, store: try SQLiteSignalStore(path: folder.file("db.sqlite")))
        let r = try await server.request(path)
        #expect(r.status == 400)
        #expect(r.body.contains(fragment), "\(r.body)")
        await server.stop()
    }

    @Test func extremeParametersAreRefusedNotFatal() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var config = ObservatoryConfig()
        config.sources.inbox.enabled = false
        let server = try await RunningServer.start(config: config, store: try await seededStore(folder))
        for path in [
            "/v2/signals/raw/country/KZ?from=-9223372036854775808&until=1",
            "/v2/signals/raw/country/KZ?from=9223372036854775806&until=9223372036854775807",
            "/v2/signals/raw/country/KZ?from=1641600000&until=1641700000&maxPoints=9223372036854775807",
            "/api/series?entity=country/KZ&signal=probing&from=-999999999999999999&until=999999999999999999",
        ] where !path.contains("maxPoints") {
            #expect(try await server.request(path).status == 400, "\(path)")
        }
        #expect(try await server.request("/v2/signals/raw/country/KZ?from=1641600000&until=1641700000&maxPoints=9223372036854775807").status == 200)
        #expect(try await server.request("/v2/entities/query?page=9223372036854775807").status == 200)
        #expect(try await server.request("/api/events?from=-999999999999999999&until=999999999999999999").status == 200)
        #expect(try await server.request("/health").status == 200, "still up")
        await server.stop()
    }

    @Test func uploadNeedsATokenAndIsAllOrNothing() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = try SQLiteSignalStore(path: folder.file("db.sqlite"))
        var config = ObservatoryConfig()
        config.tokens = ["s3cret"]
        config.sources.inbox.enabled = false
        let server = try await RunningServer.start(config: config, store: store)
        let csv = "time,entity,signal,value\n1641378600,asn/9198,bgp,10\n1641378900,asn/9198,bgp,11\n"
        #expect(try await server.request("/api/signals", method: "POST", body: csv).status == 401)
        #expect(try await server.request("/api/signals", method: "POST", body: csv, headers: ["Authorization": "Bearer wrong"]).status == 403)
        let bad = try await server.request("/api/signals", method: "POST", body: csv + "x,asn/9198,bgp,1\n", headers: ["Authorization": "Bearer s3cret"])
        #expect(bad.status == 400)
        #expect(bad.body.contains("request body:4: bad time"))
        #expect(try await store.seriesKeys(entity: nil).isEmpty)
        let ok = try await server.request("/api/signals", method: "POST", body: csv, headers: ["Authorization": "Bearer s3cret"])
        #expect(ok.status == 200)
        #expect(ok.body == #"{"rounded":0,"rows":2,"unchanged":0,"written":2}"#)
        await server.stop()

        var open = ObservatoryConfig()
        open.sources.inbox.enabled = false
        let tokenless = try await RunningServer.start(config: open, store: store)
        #expect(try await tokenless.request("/api/signals", method: "POST", body: csv).status == 403)
        await tokenless.stop()
    }

    @Test func inboxImportsDroppedFilesAndDetectorRuns() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = try SQLiteSignalStore(path: folder.file("db.sqlite"))
        var config = ObservatoryConfig()
        config.data = folder.path
        config.sources.inbox.interval = 0.2
        config.detect.interval = 0.2
        let inbox = folder.file("inbox")
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        let rows = (0..<(10 * 288)).map { i in "\(Self.start + Int64(i) * 300),asn/29355,probing,\((9 * 288)..<(9 * 288 + 10) ~= i ? 0 : 500)" }
        try ("time,entity,signal,value\n" + rows.joined(separator: "\n")).write(toFile: inbox + "/good.csv", atomically: true, encoding: .utf8)
        try "time,entity,signal,value\n1641378600,asn/1,bgp,1\nbroken\n".write(toFile: inbox + "/bad.csv", atomically: true, encoding: .utf8)
        let server = try await RunningServer.start(config: config, store: store)
        var events: [OutageEvent] = []
        for _ in 0..<100 where events.isEmpty {
            try await Task.sleep(for: .milliseconds(100))
            events = try await store.events(EventQuery())
        }
        await server.stop()
        #expect(events.count == 1)
        #expect(events.first?.entity == .asn(29355))
        #expect(FileManager.default.fileExists(atPath: inbox + "/done/good.csv"))
        #expect(FileManager.default.fileExists(atPath: inbox + "/failed/bad.csv"))
        let reason = try String(contentsOfFile: inbox + "/failed/bad.csv.error", encoding: .utf8)
        #expect(reason.contains("bad.csv:3: expected 4 fields"))
        #expect(try await store.seriesKeys(entity: .asn(1)).isEmpty, "the bad file wrote nothing")
    }
}

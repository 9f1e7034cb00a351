import Foundation
import Testing
import TocsinTestSupport

/// The dashboard as a reader meets it, in headless Chromium driven by Selenium
/// (`scripts/dashboard-check.py`; Debian `chromium` and `chromium-driver`, PyPI `selenium`)
/// against the real server with a generated Kazakhstan-like scenario whose networks carry
/// their real names: the overview's map and incidents at a moment of the shutdown, a
/// country, a network and an event page at desktop and phone widths, each checked by
/// axe-core for accessibility, with no console errors; hovering and the keyboard read a
/// chart, dragging zooms it, search finds Kcell by name and number, `?lang=fr` is French, and
/// a network named with `<script>` and an `onerror` image runs nothing on any page.
/// Screenshots are kept (`TOCSIN_SCREENSHOTS`, else a temporary folder).
@Suite("Dashboard in a browser", .serialized, .timeLimit(.minutes(6)))
struct DashboardBrowserTests {
    /// The generator's networks and regions of KZ renamed to the operators observers chart.
    static let renamed = [("asn/64512,", "asn/29355,"), ("asn/64513,", "asn/21299,"), ("asn/64514,", "asn/9198,"), ("asn/64515,", "asn/206026,"),
                          ("region/KZ-1,", "region/KZ-ALA,"), ("region/KZ-2,", "region/KZ-AST,")]
    static let entities = """
        entity,name,country,access
        country/KZ,Kazakhstan,KZ,unknown
        country/KZ/mobile,Kazakhstan mobile,KZ,unknown
        country/KZ/fixed,Kazakhstan fixed-line,KZ,unknown
        asn/29355,Kcell,KZ,mobile
        asn/21299,Beeline Kazakhstan,KZ,mobile
        asn/9198,Kazakhtelecom,KZ,fixed
        asn/206026,Tele2 Kazakhstan,KZ,fixed
        region/KZ-ALA,Almaty,KZ,unknown
        region/KZ-AST,Astana,KZ,unknown
        country/IR,Iran,IR,unknown
        asn/64522,\(hostile),IR,mobile

        """

    /// A network name that would run script if any page let it through unescaped.
    static let hostile = "<script>window.pwned=1</script><img src=x onerror=window.pwned=2>"

    /// Axe findings a reader would be hurt by.
    static func serious(_ page: [String: Any]) -> [String] {
        ((page["violations"] as? [[String: Any]]) ?? []).filter { ["serious", "critical"].contains($0["impact"] as? String) }
            .map { "\($0["id"] ?? "?") at \($0["target"] ?? "?")" }
    }

    @Test func aReaderCanFindReadAndZoom() async throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        _ = try TocsinProcess.run(["eval", "--seed", "3", "--countries", "2", "--weeks", "4", "--write", dir.file("sc")], in: dir.path, timeout: 120)
        var signals = try String(contentsOfFile: dir.file("sc/signals.csv"), encoding: .utf8)
        for (from, to) in Self.renamed { signals = signals.replacing(from, with: to) }
        try signals.write(toFile: dir.file("signals.csv"), atomically: true, encoding: .utf8)
        try Self.entities.write(toFile: dir.file("entities.csv"), atomically: true, encoding: .utf8)
        _ = try TocsinProcess.run(["import", "signals", dir.file("signals.csv")], in: dir.path, timeout: 120)
        _ = try TocsinProcess.run(["import", "entities", dir.file("entities.csv")], in: dir.path)
        let detected = try TocsinProcess.run(["detect"], in: dir.path, timeout: 120)
        // The last national cut of the scenario, and a moment inside it for the overview.
        let kz = detected.stdout.split(separator: "\n").compactMap { line -> [String: Any]? in
            guard line.contains("\"entity\":\"country/KZ\"") else { return nil }
            return try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        }
        let last = try #require(kz.max { ($0["start"] as? Int ?? 0) < ($1["start"] as? Int ?? 0) })
        let eventID = try #require(last["id"] as? String)
        let start = try #require(last["start"] as? Int)
        let moment = start + 3 * 3600

        let (process, port, log) = try TocsinProcess.startServer(["--port", "0"], in: dir.path)
        defer { if process.isRunning { process.terminate() } }
        let bound = try #require(port, "\(log)")
        let pages = [
            "overview": "/?until=\(moment)",
            "country": "/entity?id=country/KZ&range=7d",
            "network": "/entity?id=asn/29355&range=7d",
            "event": "/event?id=\(eventID)",
        ]
        let shots = ProcessInfo.processInfo.environment["TOCSIN_SCREENSHOTS"] ?? dir.file("shots")
        let script = URL(fileURLWithPath: try TestData.path("")).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/dashboard-check.py").path
        let pagesJSON = String(decoding: try JSONSerialization.data(withJSONObject: pages), as: UTF8.self)
        let run = try ExternalTool.run("timeout", ["-k", "5", "240", "python3", script, "http://127.0.0.1:\(bound)", shots, pagesJSON], timeout: 250)
        try #require(run.status == 0, "the browser check failed: \(run.stderr.suffix(3000))")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let results = try #require(report["pages"] as? [String: [String: Any]])

        for width in [1280, 390] {
            for name in pages.keys.sorted() {
                let page = try #require(results["\(name)@\(width)"], "\(name) at \(width) px")
                #expect((page["console"] as? [String]) == [], "\(name)@\(width): console \(page["console"] ?? "")")
                #expect(page["pwned"] is NSNull, "\(name)@\(width): a hostile name ran script: \(page["pwned"] ?? "")")
                #expect(Self.serious(page).isEmpty, "\(name)@\(width): \(Self.serious(page))")
                #expect(page["overflow"] as? Bool == false, "\(name)@\(width) is wider than the screen")
                #expect((page["screenshot"] as? Int ?? 0) > 20_000, "\(name)@\(width): screenshot")
            }
            let overview = try #require(results["overview@\(width)"])
            #expect((overview["shapes"] as? Int ?? 0) >= 170, "a shape per country")
            #expect(overview["hostileShown"] as? Bool == true, "the hostile name is on the overview, as text")
            let states = try #require(overview["states"] as? [String: String])
            #expect(states["KZ"] == "outage" && states["IR"] == "normal" && states["FR"] == "no-data", "\(states.filter { $0.value != "no-data" })")
            let incidents = try #require(overview["incidents"] as? [[String: Any]])
            let national = incidents.filter { $0["entity"] as? String == "country/KZ" }
            #expect(national.count == 1, "one row for the national shutdown: \(incidents)")
            #expect(national.first?["state"] as? String == "ongoing")
            let parts = Set((national.first?["parts"] as? [String]) ?? [])
            #expect(parts.isSuperset(of: ["asn/29355", "asn/21299", "asn/9198", "asn/206026", "country/KZ/mobile", "country/KZ/fixed"]), "\(parts)")
            let kazakh: Set = ["asn/29355", "asn/21299", "asn/9198", "asn/206026"]
            #expect(!incidents.contains { kazakh.contains($0["entity"] as? String ?? "") }, "no network of the shutdown has a row of its own: \(incidents)")
            for name in ["country", "event"] {
                let page = try #require(results["\(name)@\(width)"])
                let hover = page["hover"] as? String ?? ""
                #expect(hover.contains(" UTC · ") && hover.contains("Asia/Almaty") && hover.contains("% of normal ("), "\(name)@\(width) hover: \(hover)")
                #expect((page["keyboard"] as? String ?? "").contains("% of normal"), "\(name)@\(width) keyboard: \(page["keyboard"] ?? "")")
            }
        }
        let zoom = try #require(report["zoom"] as? [String: String])
        #expect(zoom["url"]?.contains("/entity?id=country/KZ&from=") == true && zoom["url"]?.contains("&until=") == true, "\(zoom)")
        #expect(zoom["permalink"] == zoom["url"], "the zoomed page links to itself")
        let search = try #require(report["search"] as? [String: [String]])
        #expect(search["Kcell"]?.first == "asn/29355" && search["29355"]?.first == "asn/29355", "\(search)")
        #expect(search["kazakh"]?.first == "country/KZ")
        let french = try #require(report["french"] as? [String: String])
        #expect(french["lang"] == "fr" && french["h1"] == "Observatoire des coupures d’Internet" && french["next"] == "fr", "\(french)")
        #expect((report["console"] as? [String]) == [])
        process.terminate()
    }
}

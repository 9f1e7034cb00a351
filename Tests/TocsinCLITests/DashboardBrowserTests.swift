import Foundation
import Testing
import TocsinTestSupport

/// Every page kind loaded in headless Chromium (Debian `chromium`) against the real server
/// with a generated Kazakhstan-like scenario: no console errors, charts with their lines and
/// event shading, and a screenshot of each (desktop and phone widths).
@Suite("Dashboard in a browser", .serialized, .timeLimit(.minutes(4)))
struct DashboardBrowserTests {
    /// Runs headless Chromium on `url`; returns the DOM after load and Chromium's log.
    static func chromium(_ arguments: [String], url: String) throws -> (stdout: String, log: String) {
        let chrome = try #require(ExternalTool.find("chromium"), "chromium is installed by scripts/install-deps.sh test")
        let r = try ExternalTool.run("timeout", ["-k", "5", "60", chrome, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                                                 "--enable-logging=stderr", "--v=0"] + arguments + [url], timeout: 70)
        return (r.stdout, r.stderr)
    }

    /// Console messages Chromium logged for the page (none are expected: the pages need no JavaScript).
    static func consoleMessages(_ log: String) -> [String] {
        log.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }.map(String.init)
    }

    @Test func everyPageKindRendersCleanly() async throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        _ = try TocsinProcess.run(["eval", "--seed", "3", "--countries", "2", "--weeks", "4", "--write", dir.file("sc")], in: dir.path, timeout: 120)
        _ = try TocsinProcess.run(["import", "signals", dir.file("sc/signals.csv")], in: dir.path, timeout: 120)
        _ = try TocsinProcess.run(["import", "entities", dir.file("sc/entities.csv")], in: dir.path)
        let detected = try TocsinProcess.run(["detect"], in: dir.path, timeout: 120)
        let kzEvent = try #require(detected.stdout.split(separator: "\n").first { $0.contains("\"entity\":\"country/KZ\"") })
        let eventID = try #require((try JSONSerialization.jsonObject(with: Data(kzEvent.utf8)) as? [String: Any])?["id"] as? String)

        let (process, port, log) = try TocsinProcess.startServer(["--port", "0"], in: dir.path)
        defer { if process.isRunning { process.terminate() } }
        let bound = try #require(port, "\(log)")
        let base = "http://127.0.0.1:\(bound)"
        let pages: [(name: String, path: String, shaded: Bool)] = [
            ("overview", "/", false),
            ("country", "/entity?id=country/KZ&range=30d", true),
            ("network", "/entity?id=asn/64512&range=30d", false),
            ("mobile", "/entity?id=country/KZ/mobile&range=30d", true),
            ("event", "/event?id=\(eventID)", true),
        ]
        let shots = ProcessInfo.processInfo.environment["TOCSIN_SCREENSHOTS"] ?? dir.file("shots")
        try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
        for page in pages {
            let (dom, chromeLog) = try Self.chromium(["--dump-dom"], url: base + page.path)
            #expect(dom.contains("</html>"), "\(page.name): no page")
            #expect(Self.consoleMessages(chromeLog).isEmpty, "\(page.name): \(Self.consoleMessages(chromeLog))")
            #expect(dom.contains("<svg"), "\(page.name): no chart")
            #expect(dom.contains("name=\"viewport\""), "\(page.name): not set up for phones")
            if page.name != "overview" {
                #expect(dom.contains("class=\"line\""), "\(page.name): a chart without its line")
            }
            if page.shaded { #expect(dom.contains("class=\"event\""), "\(page.name): the outage is not shaded") }
            for (width, height) in [(1280, 2200), (390, 1800)] {
                let file = "\(shots)/\(page.name)-\(width).png"
                _ = try Self.chromium(["--window-size=\(width),\(height)", "--screenshot=\(file)"], url: base + page.path)
                let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
                #expect(size > 20_000, "\(page.name) at \(width) px: screenshot of \(size) bytes")
            }
        }
        process.terminate()
    }
}

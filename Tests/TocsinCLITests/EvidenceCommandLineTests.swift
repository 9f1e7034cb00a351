import Foundation
import Testing
import TocsinTestSupport

/// `tocsin report`, `tocsin key show` and `tocsin verify` as a user runs them.
@Suite("Evidence on the command line", .serialized)
struct EvidenceCommandLineTests {
    @Test func reportThenVerifyAndRefuseAChangedFile() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let file = try dir.write("kz.csv", CommandLineTests.scenario())
        #expect(try TocsinProcess.run(["import", "signals", file], in: dir.path).status == 0)
        #expect(try TocsinProcess.run(["detect"], in: dir.path).status == 0)
        let events = try TocsinProcess.run(["events", "--entity", "country/KZ"], in: dir.path)
        let line = try #require(events.stdout.split(separator: "\n").first)
        let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let id = try #require(event["id"] as? String)

        let report = try TocsinProcess.run(["report", id, "--out", dir.file("bundle")], in: dir.path)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("bundle fingerprint"))
        let mode = try FileManager.default.attributesOfItem(atPath: dir.file("tocsin-data/signing-key.pem"))[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let shown = try TocsinProcess.run(["key", "show"], in: dir.path)
        #expect(shown.stdout.hasPrefix("-----BEGIN PUBLIC KEY-----"))
        let pem = try dir.write("key.pem", shown.stdout)

        let ok = try TocsinProcess.run(["verify", dir.file("bundle"), "--key", pem], in: dir.path)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("verified: event \(id)"))
        #expect(try TocsinProcess.run(["report", id, "--out", dir.file("bundle")], in: dir.path).status != 0, "never writes over a bundle")
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium") {
            let printed = try TocsinProcess.run(["report", id, "--out", dir.file("printed"), "--pdf", dir.file("report.pdf")], in: dir.path, timeout: 90)
            #expect(printed.status == 0, "\(printed.stderr)")
            let pdf = FileManager.default.contents(atPath: dir.file("report.pdf")) ?? Data()
            #expect(pdf.starts(with: Data("%PDF".utf8)) && pdf.count > 10_000)
            #expect(try TocsinProcess.run(["verify", dir.file("printed"), "--key", pem], in: dir.path).status == 0, "the PDF is outside the bundle")
        }

        try "tampered\n".write(toFile: dir.file("bundle/event.json"), atomically: true, encoding: .utf8)
        let bad = try TocsinProcess.run(["verify", dir.file("bundle"), "--key", pem], in: dir.path)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("not verified: event.json: changed since it was signed"), "\(bad.stderr)")
        let none = try TocsinProcess.run(["report", "country-KZ-1", "--out", dir.file("other")], in: dir.path)
        #expect(none.status != 0 && none.stderr.contains("no stored event has the id country-KZ-1"))
    }
}

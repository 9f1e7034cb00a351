import Foundation
import Testing
import TocsinTestSupport

/// The `tocsin` command as a user runs it: real processes, real files, real exit codes.
@Suite("tocsin command line", .serialized)
struct CommandLineTests {
    static let start = 1_640_995_200

    /// 10 days of KZ probing with a blackout on day 8, 10:30–11:05 UTC, and a steady network.
    static func scenario() -> String {
        var rows = ["time,entity,signal,value"]
        for i in 0..<(10 * 288) {
            let t = start + i * 300
            rows.append("\(t),country/KZ,probing,\((8 * 288 + 126)..<(8 * 288 + 133) ~= i ? 20 : 1000)")
            rows.append("\(t),asn/29355,bgp,500")
        }
        return rows.joined(separator: "\n") + "\n"
    }

    @Test func importIsIdempotentAndExportRoundTrips() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let file = try dir.write("kz.csv", Self.scenario())
        let first = try TocsinProcess.run(["import", "signals", file], in: dir.path)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("5760 rows, 5760 written, 0 unchanged"))
        let again = try TocsinProcess.run(["import", "signals", file], in: dir.path)
        #expect(again.stderr.contains("5760 rows, 0 written, 5760 unchanged"))
        #expect(FileManager.default.fileExists(atPath: dir.file("tocsin-data/tocsin.sqlite")), "default data folder")

        let export = try TocsinProcess.run(["export", "signals", "--entity", "country/KZ", "--signal", "probing",
                                            "--from", "2022-01-09T10:30:00Z", "--until", "1641726300"], in: dir.path)
        #expect(export.status == 0)
        let lines = export.stdout.split(separator: "\n")
        #expect(lines.first == "time,entity,signal,value")
        #expect(lines.dropFirst() == (0..<7).map { "\(1_641_724_200 + $0 * 300),country/KZ,probing,20" }[...])

        let all = try TocsinProcess.run(["export", "signals"], in: dir.path)
        let copy = try dir.write("copy.csv", all.stdout)
        _ = try TocsinProcess.run(["import", "signals", "--data", dir.file("other"), copy], in: dir.path)
        let reexport = try TocsinProcess.run(["export", "signals", "--data", dir.file("other")], in: dir.path)
        #expect(reexport.stdout == all.stdout)
        #expect(all.stdout.split(separator: "\n").count == 5761)
    }

    @Test func pruneKeepsTheLastDaysOfPointsAndRefusesTooFew() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        _ = try TocsinProcess.run(["import", "signals", try dir.write("kz.csv", Self.scenario())], in: dir.path)
        // As if on day 40 of the scenario: days 0-4 are more than 35 days back.
        let pruned = try TocsinProcess.run(["prune", "--keep-days", "35", "--now", "2022-02-10T12:00:00Z"], in: dir.path)
        #expect(pruned.status == 0, "\(pruned.stderr)")
        #expect(pruned.stdout.contains("dropped 10 day blocks of points before 2022-01-06T00:00:00Z"), "\(pruned.stdout)")
        let left = try TocsinProcess.run(["export", "signals"], in: dir.path).stdout.split(separator: "\n")
        #expect(left.count == 1 + 2 * 5 * 288)
        #expect(left.dropFirst().first?.hasPrefix("1641427200,") == true, "from 6 January on")
        let refused = try TocsinProcess.run(["prune", "--keep-days", "7"], in: dir.path)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("too short"), "\(refused.stderr)")
    }

    @Test func badInputIsReportedAndNothingIsHalfWritten() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let bad = try dir.write("bad.csv", "time,entity,signal,value\n1641378600,asn/9198,bgp,1\n1641378900,asn/9198,pings,2\n1641379200,asn/9198,bgp,x\n")
        let refused = try TocsinProcess.run(["import", "signals", bad], in: dir.path)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("\(bad):3: unknown signal 'pings'"))
        #expect(refused.stderr.contains("nothing from this file was imported"))
        #expect(try TocsinProcess.run(["export", "signals"], in: dir.path).stdout == "time,entity,signal,value\n")

        let skipped = try TocsinProcess.run(["import", "signals", "--skip-bad", bad], in: dir.path)
        #expect(skipped.status == 0)
        #expect(skipped.stderr.contains("2 bad lines skipped"))
        #expect(skipped.stderr.contains("\(bad):4: bad value 'x'"))
        #expect(try TocsinProcess.run(["export", "signals"], in: dir.path).stdout == "time,entity,signal,value\n1641378600,asn/9198,bgp,1\n")

        let missing = try TocsinProcess.run(["import", "signals", dir.file("nope.csv")], in: dir.path)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cannot read \(dir.file("nope.csv")): No such file or directory"))

        let offBin = try dir.write("off.csv", "time,entity,signal,value\n1641378601,asn/1,bgp,1\n1641378902,asn/1,bgp,1\n")
        let rounded = try TocsinProcess.run(["import", "signals", offBin], in: dir.path)
        #expect(rounded.status == 0)
        #expect(rounded.stderr.components(separatedBy: "rounded down").count == 2, "said once: \(rounded.stderr)")
        #expect(rounded.stderr.contains("\(offBin):2: 2 times not on a 5-minute bin"))

        let badEntity = try TocsinProcess.run(["export", "signals", "--entity", "asn/AS1"], in: dir.path)
        #expect(badEntity.status != 0)
        #expect(badEntity.stderr.contains("without leading zeros") || badEntity.stderr.contains("decimal"))

        let entities = try dir.write("e.csv", "entity,name,country,access\nasn/29355,Kcell,KZ,mobile\nasn/1,X,KZ,orbital\n")
        let badEntities = try TocsinProcess.run(["import", "entities", entities], in: dir.path)
        #expect(badEntities.status == 1)
        #expect(badEntities.stderr.contains("\(entities):3: access must be one of"))
    }

    @Test func detectFromFilesEqualsDetectOverTheStore() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let file = try dir.write("kz.csv", Self.scenario())
        let names = try dir.write("names.csv", "entity,name,country,access\ncountry/KZ,Kazakhstan,KZ,\n")
        let direct = try TocsinProcess.run(["detect", "--signals", file, "--entities", names], in: dir.path)
        #expect(direct.status == 0, "\(direct.stderr)")
        let lines = direct.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        let event = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(event["entity"] as? String == "country/KZ")
        #expect(event["start"] as? Int == 1_641_724_200)
        #expect(event["end"] as? Int == 1_641_726_300)
        #expect(event["detected_at"] as? Int == 1_641_724_500, "raised at the second bin at 2%")
        #expect(event["cause"] as? String == "shutdown")
        #expect(direct.stdout.contains("Kazakhstan (country/KZ): probing fell to 2%"))
        let reference = try TocsinProcess.run(["detect", "--method", "ioda", "--signals", file], in: dir.path)
        #expect(reference.stdout.contains(#""detected_at":1641724200"#))
        #expect(reference.stdout.contains("ioda-median-ratio"))

        _ = try TocsinProcess.run(["import", "signals", file], in: dir.path)
        _ = try TocsinProcess.run(["import", "entities", names], in: dir.path)
        let stored = try TocsinProcess.run(["detect"], in: dir.path)
        #expect(stored.stderr.contains("1 events saved"))
        #expect(stored.stdout == direct.stdout)
        #expect(try TocsinProcess.run(["events", "--entity", "country/KZ"], in: dir.path).stdout == direct.stdout)
        #expect(try TocsinProcess.run(["events", "--ongoing"], in: dir.path).stdout == "")
        let csv = try TocsinProcess.run(["export", "events", "--format", "csv"], in: dir.path)
        #expect(csv.stdout.contains("country-KZ-1641724200,country/KZ,Kazakhstan,2022-01-09T10:30:00Z"))
        let stop = try TocsinProcess.run(["export", "events", "--format", "keepiton"], in: dir.path)
        #expect(stop.stdout.split(separator: "\n").count == 2)
        #expect(stop.stdout.contains("Actual,2022-01-09 10:30:00,Kazakhstan,"))

        let broken = try dir.write("broken.csv", "time,entity,signal,value\n1,asn/1\n")
        let refused = try TocsinProcess.run(["detect", "--signals", broken], in: dir.path)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("\(broken):2: expected 4 fields"))
    }

    @Test("geo lookup and networks", .enabled(if: FileManager.default.fileExists(atPath: "/usr/share/libloc-location/location.db")))
    func geo() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let r = try TocsinProcess.run(["geo", "lookup", "--format", "json", "95.56.0.1", "2a03:2880:f003:c07:face:b00c::2", "not-an-ip"], in: dir.path)
        #expect(r.status == 1, "a bad address fails the run, after the good ones")
        #expect(r.stderr.contains("'not-an-ip' is not an IPv4 or IPv6 address"))
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let kz = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(kz["prefix"] as? String == "95.56.0.0/20")
        #expect(kz["country"] as? String == "KZ")
        #expect(kz["asn"] as? Int == 9198)
        #expect(kz["access"] as? String == "fixed")
        #expect(kz["region"] is NSNull)
        #expect((kz["sources"] as? [String: String])?["access"] == "curated")
        let missing = try TocsinProcess.run(["geo", "lookup", "--libloc", dir.file("none.db"), "1.1.1.1"], in: dir.path)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("install Debian's libloc-database, or name a file with --libloc"))
        let networks = try TocsinProcess.run(["geo", "networks", "--country", "KZ", "--labelled-only"], in: dir.path)
        #expect(networks.stdout.contains("AS29355\tmobile\tcurated\tKcell"))
        #expect(networks.stdout.contains("AS9198\tfixed\tcurated\tKazakhtelecom"))
    }

    @Test func serveStartsWithNoConfigAndStopsOnSIGTERM() async throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let (process, port, log) = try TocsinProcess.startServer(["--port", "0"], in: dir.path)
        defer { if process.isRunning { process.terminate() } }
        let bound = try #require(port, "no listening line in: \(log)")
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(bound)/health")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self) == #"{"status":"ok"}"#)
        let (page, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(bound)/")!)
        #expect(String(decoding: page, as: UTF8.self).contains("No data yet"))
        #expect(FileManager.default.fileExists(atPath: dir.file("tocsin-data/tocsin.sqlite")))
        #expect(FileManager.default.fileExists(atPath: dir.file("tocsin-data/inbox")))
        // The live detector ticks at start and says what its tick cost.
        let ticked = try await waitUntil(seconds: 30) {
            let (metrics, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(bound)/metrics")!)
            return String(decoding: metrics, as: UTF8.self).contains("tocsin_detector_tick_seconds")
        }
        #expect(ticked)

        process.terminate()  // SIGTERM
        let stopBy = Date().addingTimeInterval(15)
        while process.isRunning, Date() < stopBy { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!process.isRunning)
        #expect(process.terminationStatus == 0)
    }

    @Test("the served OpenAPI document holds: schemathesis against the live server",
          .enabled(if: ExternalTool.find("schemathesis") != nil, "needs schemathesis (PyPI)"), .timeLimit(.minutes(5)))
    func openAPIHoldsUnderSchemathesis() async throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        _ = try TocsinProcess.run(["eval", "--seed", "3", "--countries", "2", "--weeks", "4", "--write", dir.file("sc")], in: dir.path, timeout: 120)
        _ = try TocsinProcess.run(["import", "signals", dir.file("sc/signals.csv")], in: dir.path, timeout: 120)
        _ = try TocsinProcess.run(["import", "entities", dir.file("sc/entities.csv")], in: dir.path)
        _ = try TocsinProcess.run(["detect"], in: dir.path, timeout: 120)
        let (process, port, _) = try TocsinProcess.startServer(["--port", "0", "--token", "t"], in: dir.path)
        defer { if process.isRunning { process.terminate() } }
        let bound = try #require(port)
        // Every documented check but two that OpenAPI cannot express here: cross-parameter
        // rules (from < until) make some schema-valid requests a 400, and methods the API does
        // not have answer 404 rather than 405.
        let run = try ExternalTool.run("schemathesis", [
            "run", "http://127.0.0.1:\(bound)/openapi.json", "--checks", "all",
            "--exclude-checks", "unsupported_method,positive_data_acceptance",
            "--max-examples", "25", "--seed", "1", "-H", "Authorization: Bearer t",
        ], timeout: 240)
        #expect(run.status == 0, "\(run.stdout.suffix(3000))")
    }

    @Test func serveRefusesABadConfig() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let config = try dir.write("tocsin.json", #"{"listen":{"port":8080},"sorces":{}}"#)
        let r = try TocsinProcess.run(["serve", "--config", config], in: dir.path, timeout: 20)
        #expect(r.status != 0)
        #expect(r.stderr.contains("unknown setting 'sorces'"))
        let env = try TocsinProcess.run(["serve"], in: dir.path, environment: ["TOCSIN_CONFIG": config], timeout: 20)
        #expect(env.stderr.contains("unknown setting 'sorces'"))
    }
}

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

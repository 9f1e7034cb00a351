import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TocsinTestSupport

/// The command line and two `tocsin serve` instances on one PostgreSQL database: the same
/// answers as the embedded store gives for the same input.
@Suite("tocsin on PostgreSQL", .serialized)
struct PostgresCommandLineTests {
    @Test func importDetectAndExportMatchTheSQLiteStore() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let url = try PostgresCluster.shared().newDatabase()
        let file = try dir.write("kz.csv", CommandLineTests.scenario())
        let names = try dir.write("names.csv", "entity,name,country,access\ncountry/KZ,Kazakhstan,KZ,\n")

        let first = try TocsinProcess.run(["import", "signals", "--store", url, file], in: dir.path)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("5760 rows, 5760 written, 0 unchanged"))
        let again = try TocsinProcess.run(["import", "signals", file], in: dir.path, environment: ["TOCSIN_STORE": url])
        #expect(again.stderr.contains("5760 rows, 0 written, 5760 unchanged"), "TOCSIN_STORE names the same database: \(again.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("tocsin-data/tocsin.sqlite")), "no SQLite database is made")
        _ = try TocsinProcess.run(["import", "entities", "--store", url, names], in: dir.path)
        let detected = try TocsinProcess.run(["detect", "--store", url], in: dir.path)
        #expect(detected.stderr.contains("1 events saved"), "\(detected.stderr)")

        _ = try TocsinProcess.run(["import", "signals", file], in: dir.path)
        _ = try TocsinProcess.run(["import", "entities", names], in: dir.path)
        let local = try TocsinProcess.run(["detect"], in: dir.path)
        #expect(try TocsinProcess.run(["events", "--store", url], in: dir.path).stdout == local.stdout)
        #expect(try TocsinProcess.run(["export", "signals", "--store", url], in: dir.path).stdout
                    == TocsinProcess.run(["export", "signals"], in: dir.path).stdout)
    }

    @Test func anUnreachableOrMalformedStoreIsOneClearLine() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let closed = "postgresql://tocsin:secret@127.0.0.1:\(freeLoopbackPort())/nowhere"
        let refused = try TocsinProcess.run(["events", "--store", closed], in: dir.path, timeout: 30)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("cannot open the store at postgresql://tocsin:***@127.0.0.1:"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("secret"))
        let malformed = try TocsinProcess.run(["events", "--store", "postgresql://127.0.0.1/db"], in: dir.path)
        #expect(malformed.status == 1)
        #expect(malformed.stderr.contains("names no user"), "\(malformed.stderr)")
        let missing = try TocsinProcess.run(["events", "--store", "postgresql://tocsin@127.0.0.1:\(try PostgresCluster.shared().port)/absent"], in: dir.path)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("absent"), "\(missing.stderr)")
    }

    @Test("two serve instances share one database: points written to one are detected and seen by both",
          .timeLimit(.minutes(3)))
    func twoInstancesShareOneDatabase() async throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let url = try PostgresCluster.shared().newDatabase()
        let config = try dir.write("tocsin.json", #"{"store": {"url": "\#(url)"}, "detect": {"interval": 1}}"#)
        let (a, portA, logA) = try TocsinProcess.startServer(["--config", config, "--port", "0", "--token", "t", "--data", dir.file("a")], in: dir.path)
        defer { if a.isRunning { a.terminate() } }
        let (b, portB, logB) = try TocsinProcess.startServer(["--port", "0", "--store", url, "--data", dir.file("b")], in: dir.path)
        defer { if b.isRunning { b.terminate() } }
        let first = try #require(portA, "\(logA)")
        let second = try #require(portB, "\(logB)")

        var upload = URLRequest(url: URL(string: "http://127.0.0.1:\(first)/api/signals")!)
        upload.httpMethod = "POST"
        upload.setValue("Bearer t", forHTTPHeaderField: "Authorization")
        upload.httpBody = Data(CommandLineTests.scenario().utf8)
        let (_, response) = try await URLSession.shared.data(for: upload)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)

        func events(_ port: Int) async throws -> String {
            let (data, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/api/events")!)
            return String(decoding: data, as: UTF8.self)
        }
        let seen = try await waitUntil(seconds: 60) {
            let one = try await events(first), other = try await events(second)
            return one.contains("country-KZ-1641724200") && other.contains("country-KZ-1641724200")
        }
        let one = try await events(first), other = try await events(second)
        #expect(seen, "\(one) / \(other)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("a/tocsin.sqlite")))
        for process in [a, b] {
            process.terminate()
            let stopBy = Date().addingTimeInterval(15)
            while process.isRunning, Date() < stopBy { try await Task.sleep(for: .milliseconds(50)) }
            #expect(process.terminationStatus == 0)
        }
    }

    @Test("three instances, the detecting one killed with SIGKILL mid-outage: the lease moves, the event is raised once, one alert per change",
          .timeLimit(.minutes(4)))
    func theDetectorLeaseSurvivesSIGKILL() async throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let alerts = ReceivedAlerts()
        let receiver = try await WebhookReceiver.start(alerts)
        defer { Task { await receiver.stop() } }
        let url = try PostgresCluster.shared().newDatabase()
        let interval = 2.0
        let config = try dir.write("tocsin.json", """
            {"store": {"url": "\(url)"}, "detect": {"interval": \(interval)}, "sources": {"inbox": {"enabled": false}},
             "webhooks": [{"url": "http://127.0.0.1:\(receiver.port)/hook", "secret": "s", "entities": ["country/"]}]}
            """)
        var instances: [(process: Process, port: Int)] = []
        defer { for i in instances where i.process.isRunning { i.process.terminate() } }
        for name in ["a", "b", "c"] {
            let (process, port, log) = try TocsinProcess.startServer(["--config", config, "--port", "0", "--token", "t", "--data", dir.file(name)], in: dir.path)
            instances.append((process, try #require(port, "\(log)")))
        }
        // The outage runs 10:30-11:05; the first upload stops at 10:45, mid-outage.
        let rows = CommandLineTests.scenario().split(separator: "\n").dropFirst()
        let cut = 1_641_725_100
        func upload(_ port: Int, _ part: [Substring]) async throws -> Int {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)/api/signals")!)
            request.httpMethod = "POST"
            request.setValue("Bearer t", forHTTPHeaderField: "Authorization")
            request.httpBody = Data((["time,entity,signal,value"] + part).joined(separator: "\n").utf8)
            return (try await URLSession.shared.data(for: request).1 as? HTTPURLResponse)?.statusCode ?? 0
        }
        func get(_ port: Int, _ path: String) async -> String {
            guard let (data, _) = try? await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)\(path)")!) else { return "" }
            return String(decoding: data, as: UTF8.self)
        }
        func holders(_ among: [(process: Process, port: Int)]) async -> [Int] {
            var ports: [Int] = []
            for i in among where await get(i.port, "/metrics").contains("tocsin_detector_lease 1") { ports.append(i.port) }
            return ports
        }
        func versions() -> [String] {
            alerts.all.compactMap { alert in alert.body.range(of: #""version":"\w+""#, options: .regularExpression).map { String(alert.body[$0]) } }
        }
        #expect(try await upload(instances[1].port, rows.filter { Int($0.prefix { $0 != "," })! < cut }) == 200)
        let opened = await waitUntil(seconds: 60) { versions().count == 1 }
        #expect(opened, "one open alert: \(alerts.all.map(\.body))")
        let leaders = await holders(instances)
        #expect(leaders.count == 1, "exactly one instance detects: \(leaders)")
        let leader = try #require(instances.firstIndex { leaders.first == $0.port })
        try await Task.sleep(for: .seconds(1))  // the open alert marked delivered

        kill(instances[leader].process.processIdentifier, SIGKILL)
        let killed = ContinuousClock.now
        let survivors = instances.enumerated().filter { $0.offset != leader }.map(\.element)
        let tookOver = await waitUntil(seconds: 30) { await holders(survivors).count == 1 }
        let takeover = ContinuousClock.now - killed
        #expect(tookOver)
        #expect(takeover < .seconds(2 * interval + 2), "taken over within two detector intervals: \(takeover)")

        #expect(try await upload(survivors[0].port, rows.filter { Int($0.prefix { $0 != "," })! >= cut }) == 200)
        let closed = await waitUntil(seconds: 60) { versions().count == 2 }
        #expect(closed)
        try await Task.sleep(for: .seconds(2 * interval))  // nothing more arrives
        #expect(versions() == [#""version":"open""#, #""version":"closed""#], "one alert per change: \(alerts.all.map(\.body))")
        let events = await get(survivors[1].port, "/api/events")
        #expect(events.components(separatedBy: "country-KZ-1641724200").count == 2, "the event once: \(events)")
        #expect(events.contains(#""end":1641726300"#))
        #expect(await holders(survivors).count == 1)
    }
}

import Foundation
import Testing
import TocsinBGP
import TocsinCore
import TocsinGeo
import TocsinTestSupport

/// The archive poller against a local HTTP server laid out like RIPE RIS and RouteViews,
/// serving the real files in Tests/Data.
@Suite("Archive poller", .serialized, .timeLimit(.minutes(2)))
struct ArchivePollerTests {
    /// A static HTTP server on a free loopback port (Python's http.server), logging requests.
    final class Server {
        let daemon: Daemon
        let port: Int

        init(root: String, folder: TemporaryFolder) async throws {
            let portFile = folder.file("port")
            let script = """
                import http.server, functools, sys
                h = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
                s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), h)
                open(sys.argv[2], "w").write(str(s.server_address[1]))
                s.serve_forever()
                """
            daemon = try Daemon("http", "python3", ["-u", "-c", script, root, portFile], log: folder.file("http.log"), limit: 110)
            let ready = await waitUntil(seconds: 10) { FileManager.default.fileExists(atPath: portFile) && ((try? String(contentsOfFile: portFile, encoding: .utf8)) ?? "") != "" }
            #expect(ready)
            port = Int((try? String(contentsOfFile: portFile, encoding: .utf8)) ?? "") ?? 0
        }

        /// Requests for `name` answered with `status`, from the server's log.
        func requests(_ name: String, status: Int) -> Int {
            daemon.output.split(separator: "\n").filter { $0.contains("GET ") && $0.contains(name) && $0.contains("\" \(status) ") }.count
        }
    }

    static func time(_ text: String) -> Int64 { UTCTime.parse(text)! }

    static let counter = VisibilityCounter(locator: AddressBlockLocator(ipv4: [(IPv4Prefix(masking: 0, length: 1), "ZZ"), (IPv4Prefix(masking: 0x8000_0000, length: 1), "ZZ")]),
                                           thresholds: FullFeedThresholds(ipv4: 0, ipv6: 0))

    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [SignalPoint] = []
        func add(_ p: [SignalPoint]) { lock.lock(); stored += p; lock.unlock() }
        var points: [SignalPoint] { lock.lock(); defer { lock.unlock() }; return stored }
    }

    @Test("RIS layout: follows new files, waits for late ones, resumes after a restart without downloading again")
    func ris() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let updates = try TestData.path("bgpdump-testdata/test_data/updates.20160811.1600.gz")
        let month = folder.file("www/rrc00/2016.08")
        try FileManager.default.createDirectory(atPath: month, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: updates, toPath: "\(month)/updates.20160811.1600.gz")
        let server = try await Server(root: folder.file("www"), folder: folder)
        defer { server.daemon.stop() }
        let collector = ArchiveCollector(name: "rrc00", baseURL: "http://127.0.0.1:\(server.port)/rrc00", layout: .ris)
        let cache = folder.file("cache")
        let collected = Collected()

        let first = ArchivePoller(collectors: [collector], cacheFolder: cache, start: Self.time("2016-08-11T16:00:00Z"), counter: Self.counter) { collected.add($0) }
        await first.setPatience(600)
        await first.poll(now: Self.time("2016-08-11T16:12:00Z"))
        #expect(await first.progress == ArchivePoller.Progress(ribTime: Self.time("2016-08-11T16:00:00Z"), next: Self.time("2016-08-11T16:05:00Z")))
        let report = await first.report
        #expect(report.downloaded == 1 && report.missing.count == 1 && report.errors.isEmpty, "\(report)")
        // The closed 16:00 bin equals a one-shot ingest of the same file.
        var reference = MRTIngest(recorder: BGPSignalRecorder(counter: Self.counter), collector: "rrc00")
        var expected: [SignalPoint] = []
        _ = reference.run(paths: [updates]) { expected += $0 }
        let bin = Self.time("2016-08-11T16:00:00Z")
        #expect(!expected.isEmpty)
        #expect(Set(collected.points.filter { $0.time == bin }) == Set(expected.filter { $0.time == bin }))

        // A restart: the state is rebuilt from the cache, then the next file is fetched.
        try FileManager.default.copyItem(atPath: updates, toPath: "\(month)/updates.20160811.1605.gz")
        let second = ArchivePoller(collectors: [collector], cacheFolder: cache, start: Self.time("2016-08-11T16:00:00Z"), counter: Self.counter) { collected.add($0) }
        await second.setPatience(600)
        await second.poll(now: Self.time("2016-08-11T16:17:00Z"))
        #expect(await second.progress?.next == Self.time("2016-08-11T16:10:00Z"))
        let again = await second.report
        #expect(again.fromCache == 1 && again.downloaded == 1, "\(again)")
        #expect(server.requests("updates.20160811.1600.gz", status: 200) == 1)
        #expect(server.requests("updates.20160811.1605.gz", status: 404) == 1)  // asked too early the first time
        #expect(server.requests("updates.20160811.1605.gz", status: 200) == 1)
        #expect(collected.points.contains { $0.time == bin + 300 })
    }

    @Test("RouteViews layout: RIB dump then bzip2 updates")
    func routeViews() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let rib = try TestData.path("mrt/ryu/rib.20161101.0000_pick.bz2")
        let updates = try TestData.path("mrt/ryu/updates.20161101.0000.bz2")
        let month = folder.file("www/route-views.linx/bgpdata/2016.11")
        for sub in ["RIBS", "UPDATES"] { try FileManager.default.createDirectory(atPath: "\(month)/\(sub)", withIntermediateDirectories: true) }
        try FileManager.default.copyItem(atPath: rib, toPath: "\(month)/RIBS/rib.20161101.0000.bz2")
        try FileManager.default.copyItem(atPath: updates, toPath: "\(month)/UPDATES/updates.20161101.0000.bz2")
        let server = try await Server(root: folder.file("www"), folder: folder)
        defer { server.daemon.stop() }
        let collector = ArchiveCollector(name: "linx", baseURL: "http://127.0.0.1:\(server.port)/route-views.linx/bgpdata/", layout: .routeviews)
        let collected = Collected()
        let poller = ArchivePoller(collectors: [collector], cacheFolder: folder.file("cache"), start: Self.time("2016-11-01T00:00:00Z"), counter: Self.counter) { collected.add($0) }
        await poller.poll(now: Self.time("2016-11-01T00:20:00Z"))
        let report = await poller.report
        #expect(report.downloaded == 2 && report.errors.isEmpty && report.missing.isEmpty, "\(report)")
        #expect(await poller.progress?.next == Self.time("2016-11-01T00:15:00Z"))
        var reference = MRTIngest(recorder: BGPSignalRecorder(counter: Self.counter), collector: "linx")
        var expected: [SignalPoint] = []
        _ = reference.run(paths: [rib, updates]) { expected += $0 }
        let bins = Set(collected.points.map(\.time))
        #expect(!bins.isEmpty)
        #expect(Set(collected.points) == Set(expected.filter { bins.contains($0.time) }))
    }
}

import Foundation
import Testing
import TocsinTestSupport

/// `tocsin probe census`, `tocsin probe run` and probing inside `tocsin serve`, against
/// namespaces the test makes.
@Suite("tocsin probe", .serialized, .timeLimit(.minutes(2)))
struct ProbeCommandLineTests {
    @Test func censusRunAndServe() async throws {
        try ProbeNetworks.setUp()
        defer { ProbeNetworks.tearDown() }
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let census = try TocsinProcess.run(["probe", "census", "--timeout", "0.3", "--passes", "1", "--rate", "5000",
                                            "--opt-out", "10.203.3.0/24", "10.203.1.0/24", "10.203.2.0/24", "10.203.3.0/24"], in: dir.path)
        #expect(census.status == 0, "\(census.stderr)")
        #expect(census.stdout.contains("10.203.1.0/24 responsive=20 availability=1.00 tracked"))
        #expect(census.stdout.contains("10.203.2.0/24 responsive=20"))
        #expect(!census.stdout.contains("10.203.3.0/24"), "the opted-out network is never probed")
        #expect(census.stderr.contains("256 refused"))

        try ProbeNetworks.ip("-n tocsin-pr2 link set e0 down")
        let run = try TocsinProcess.run(["probe", "run", "--rounds", "1", "--interval", "0", "--timeout", "0.3"], in: dir.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("block 10.203.2.0/24 down at"), "\(run.stdout)")
        #expect(run.stderr.contains("1 of 2 blocks up"))

        try ProbeNetworks.ip("-n tocsin-pr2 link set e0 up")
        try ProbeNetworks.ip("-n tocsin-pr2 route add default via 10.203.0.5")
        let config = try dir.write("tocsin.json", #"{"sources": {"probe": {"rate": 2000, "timeout": 0.3, "interval": 1}}}"#)
        let (process, port, log) = try TocsinProcess.startServer(["--config", config, "--port", "0"], in: dir.path)
        defer { if process.isRunning { process.terminate() } }
        _ = try #require(port, "\(log)")
        let state = dir.file("tocsin-data/probe-blocks.json")
        let back = await waitUntil(seconds: 30) {
            let text = (try? String(contentsOfFile: state, encoding: .utf8)) ?? ""
            return text.components(separatedBy: "\"up\":true").count == 3
        }
        #expect(back, "serve's rounds saw 10.203.2.0/24 come back")
        process.terminate()
    }
}

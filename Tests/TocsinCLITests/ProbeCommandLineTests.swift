import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TocsinTestSupport

/// `tocsin probe census`, `tocsin probe run` and probing inside `tocsin serve`, against
/// namespaces the test makes, IPv4 and IPv6 side by side.
@Suite("tocsin probe", .serialized, .timeLimit(.minutes(3)))
struct ProbeCommandLineTests {
    /// Reference data that places the test networks: AS6510k, all in KZ.
    static func reference(in dir: TemporaryFolder) throws -> [String] {
        let pfx2as = try dir.write("pfx2as.txt", (1...3).map { "10.203.\($0).0\t24\t6510\($0)\nfd00:203:\($0)::\t48\t6510\($0)\n" }.joined())
        let delegated = try dir.write("delegated.txt", "ripencc|KZ|ipv4|10.203.0.0|65536|20220101|allocated|t\nripencc|KZ|ipv6|fd00:203::|32|20220101|allocated|t\n")
        return ["--pfx2as", pfx2as, "--delegated", delegated]
    }

    static func get(_ port: Int, _ path: String) async throws -> String {
        let (data, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        return String(decoding: data, as: UTF8.self)
    }

    @Test func censusRunAndServe() async throws {
        try ProbeNetworks.setUp()
        defer { ProbeNetworks.tearDown() }
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let census = try TocsinProcess.run(["probe", "census", "--timeout", "0.3", "--passes", "1", "--rate", "5000",
                                            "--opt-out", "10.203.3.0/24", "10.203.1.0/24", "10.203.2.0/24", "10.203.3.0/24",
                                            "fd00:203:1::/120", "fd00:203:2::/120"], in: dir.path)
        #expect(census.status == 0, "\(census.stderr)")
        #expect(census.stdout.contains("10.203.1.0/24 responsive=20 availability=1.00 tracked"))
        #expect(census.stdout.contains("10.203.2.0/24 responsive=20"))
        #expect(census.stdout.contains("fd00:203:1::/48 responsive=20 availability=1.00 tracked"))
        #expect(!census.stdout.contains("10.203.3.0/24"), "the opted-out network is never probed")
        #expect(census.stderr.contains("256 refused"))
        // A hitlist adds IPv6 targets without a sweep; a census replaces its family's blocks.
        let hitlist = try dir.write("hitlist.txt", "# network 2\n" + (1...20).map { "fd00:203:2::\(String($0, radix: 16))\n" }.joined() )
        let listed = try TocsinProcess.run(["probe", "census", "--timeout", "0.3", "--passes", "1", "--hitlist", hitlist, "fd00:203:1::/120"], in: dir.path)
        #expect(listed.status == 0 && listed.stdout.contains("fd00:203:2::/48 responsive=20 availability=1.00 tracked"), "\(listed.stderr)")

        try ProbeNetworks.silence(2, true)
        let reference = try Self.reference(in: dir)
        let run = try TocsinProcess.run(["probe", "run", "--rounds", "1", "--interval", "0", "--timeout", "0.3"] + reference, in: dir.path)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("block 10.203.2.0/24 of AS65102 down at"), "\(run.stdout)")
        #expect(run.stdout.contains("block fd00:203:2::/48 of AS65102 down at"), "\(run.stdout)")
        #expect(run.stderr.contains("IPv4 round at") && run.stderr.contains("1 of 2 blocks up"))

        try ProbeNetworks.silence(2, false)
        let config = try dir.write("tocsin.json", """
            {"reference": {"pfx2as": "\(reference[1])", "delegated": ["\(reference[3])"]},
             "sources": {"probe": {"rate": 2000, "timeout": 0.3, "interval": 1}}}
            """)
        let (process, port, log) = try TocsinProcess.startServer(["--config", config, "--port", "0"], in: dir.path)
        defer { if process.isRunning { process.terminate() } }
        let bound = try #require(port, "\(log)")
        // The state is in the store: serve resumes with network 2 down and sees it come back.
        let back = await waitUntil(seconds: 30) {
            let metrics = (try? await Self.get(bound, "/metrics")) ?? ""
            return metrics.contains(#"tocsin_probe_blocks{family="ipv4",state="up"} 2"#) && metrics.contains(#"tocsin_probe_blocks{family="ipv6",state="up"} 2"#)
        }
        let metrics = try await Self.get(bound, "/metrics")
        #expect(back, "serve's rounds saw network 2 come back (metrics): \(metrics)")
        #expect(metrics.contains("tocsin_probe_sent_total{family=\"ipv6\"}") && metrics.contains("tocsin_probe_answered_total{family=\"ipv4\"}"), "\(metrics)")
        // The changes are evidence, per AS and per country.
        let changes = try await Self.get(bound, "/api/probing/changes?entity=asn/65102")
        #expect(changes.components(separatedBy: #""up":false"#).count == 3 && changes.components(separatedBy: #""up":true"#).count == 3, "\(changes)")
        #expect(changes.contains(#""prefix":"fd00:203:2::\/48""#) || changes.contains(#""prefix":"fd00:203:2::/48""#))
        let national = try await Self.get(bound, "/api/probing/changes?entity=country/KZ&limit=2")
        #expect(national.components(separatedBy: #""prefix""#).count == 3)
        let series = try await Self.get(bound, "/api/series?entity=asn/65102&signal=probing6")
        #expect(series.contains("\"points\""), "\(series)")
        process.terminate()
    }
}

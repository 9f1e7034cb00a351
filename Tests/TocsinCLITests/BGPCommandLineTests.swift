import Foundation
import Testing
import TocsinBGP
import TocsinTestSupport

/// `tocsin mrt dump`, `tocsin ingest mrt`, and `tocsin serve` with a BGP speaker.
@Suite("tocsin BGP commands", .serialized)
struct BGPCommandLineTests {
    @Test func dumpPrintsWhatBGPDumpPrints() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let file = try TestData.path("mrt/mrtparse-samples/bird6_bgp")
        let ours = try TocsinProcess.run(["mrt", "dump", "-m", file], in: dir.path)
        let theirs = try ExternalTool.run("bgpdump", ["-q", "-m", file])
        #expect(ours.status == 0)
        #expect(ours.stdout == theirs.stdout)
        #expect(ours.stderr.contains("at byte 1337"), "a skipped record is named by its offset: \(ours.stderr)")
        let missing = try TocsinProcess.run(["mrt", "dump", "-m", dir.file("absent.mrt")], in: dir.path)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cannot open"))
        let noM = try TocsinProcess.run(["mrt", "dump", file], in: dir.path)
        #expect(noM.status != 0)
    }

    @Test func ingestStoresBGPSeries() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let rib = try TestData.path("bgpdump-testdata/test_data/bview.20020722.2337.gz")
        let run = try TocsinProcess.run(["ingest", "mrt", "--full-feed-ipv4", "50000", rib], in: dir.path, timeout: 120)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("115521 RIB entries"))
        let export = try TocsinProcess.run(["export", "signals"], in: dir.path)
        let lines = export.stdout.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("1027380900,country/US,bgp,") })
        #expect(lines.contains { $0.hasPrefix("1027380900,asn/701,bgp,") })
        let again = try TocsinProcess.run(["ingest", "mrt", "--full-feed-ipv4", "50000", rib], in: dir.path, timeout: 120)
        #expect(again.stderr.contains(" 0 written"), "re-ingesting changes nothing: \(again.stderr)")
    }

    static func freePort() -> Int { freeLoopbackPort() }

    @Test("serve runs the BGP speaker; at SIGTERM the bin in progress is stored", .timeLimit(.minutes(2)))
    func serveWithSpeaker() async throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let port = Self.freePort()
        let config = try dir.write("tocsin.json", """
            {"sources": {"bgp": {"full_feed_ipv4": 0, "speaker": {"port": \(port), "local_as": 64512, "peers": {"127.0.0.1": 65001}}}}}
            """)
        let (process, httpPort, log) = try TocsinProcess.startServer(["--config", config, "--port", "0"], in: dir.path)
        defer { if process.isRunning { process.terminate() } }
        _ = try #require(httpPort, "\(log)")
        // The speaker starts once the reference data is loaded.
        var connected: TCPTestClient?
        _ = await waitUntil(seconds: 60) {
            connected = try? TCPTestClient(port: port)
            return connected != nil
        }
        let client = try #require(connected, "the speaker never listened on \(port)")
        client.send(BGPOpen(asn: 65001, holdTime: 30, identifier: 1, capabilities: [.fourOctetAS(65001)]).encoded() + BGPMessageFrame.keepalive)
        // ORIGIN IGP, AS_PATH 65001 9198, NEXT_HOP 203.0.113.1; NLRI 95.56.0.0/16
        let attributes: [UInt8] = [0x40, 1, 1, 0, 0x40, 2, 10, 2, 2, 0, 0, 0xFD, 0xE9, 0, 0, 0x23, 0xEE, 0x40, 3, 4, 203, 0, 113, 1]
        client.send(BGPMessageFrame.message(type: .update, body: [0, 0, 0, UInt8(attributes.count)] + attributes + [16, 95, 56]))
        let opened = client.receive(seconds: 2)
        #expect(opened.bytes.count >= 19 + 19, "an OPEN and a KEEPALIVE back")
        try await Task.sleep(for: .seconds(1))
        process.terminate()
        let stopBy = Date().addingTimeInterval(15)
        while process.isRunning, Date() < stopBy { try await Task.sleep(for: .milliseconds(50)) }
        #expect(process.terminationStatus == 0)
        let export = try TocsinProcess.run(["export", "signals"], in: dir.path)
        #expect(export.stdout.contains(",asn/9198,bgp,256"), "\(export.stdout.prefix(500))")
        #expect(export.stdout.contains(",country/KZ,bgp,"), "located by the reference data")
        let bad = try dir.write("bad.json", #"{"sources": {"bgp": {"speaker": {}, "archives": {"collectors": []}}}}"#)
        let refused = try TocsinProcess.run(["serve", "--config", bad], in: dir.path, timeout: 20)
        #expect(refused.status != 0 && refused.stderr.contains("not both"))
    }
}

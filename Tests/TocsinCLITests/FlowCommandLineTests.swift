import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif
import Testing
import TocsinTestSupport

/// `tocsin flows decode`, `tocsin ingest logs` (files and following) and flow listeners in
/// `tocsin serve`.
@Suite("tocsin flows and logs", .serialized, .timeLimit(.minutes(2)))
struct FlowCommandLineTests {
    /// 95.56.0.0/16 is AS9198 in KZ, 2.132.0.0/16 AS29355 in KZ.
    static func reference(in dir: TemporaryFolder) throws -> [String] {
        let pfx2as = try dir.write("pfx2as.txt", "95.56.0.0\t16\t9198\n2.132.0.0\t16\t29355\n")
        let delegated = try dir.write("delegated.txt", "ripencc|KZ|ipv4|95.56.0.0|65536|20080101|allocated|a\nripencc|KZ|ipv4|2.132.0.0|65536|20100101|allocated|b\n")
        return ["--pfx2as", pfx2as, "--delegated", delegated]
    }

    static func export(_ dir: TemporaryFolder, _ entity: String, _ signal: String) throws -> [String: Double] {
        let r = try TocsinProcess.run(["export", "signals", "--entity", entity, "--signal", signal], in: dir.path)
        return Dictionary(r.stdout.split(separator: "\n").dropFirst().map { line -> (String, Double) in
            let f = line.split(separator: ",")
            return (String(f[0]), Double(f[3]) ?? -1)
        }, uniquingKeysWith: { a, _ in a })
    }

    @Test func decodeCapturesAndRawFiles() throws {
        let pcap = try TestData.path("flows/pmacct-tests/100-IPFIXv10-CISCO/traffic-00.pcap")
        let r = try TocsinProcess.run(["flows", "decode", pcap], in: NSTemporaryDirectory())
        #expect(r.status == 0 && r.stdout.split(separator: "\n").count == 12 && r.stderr.contains("6 datagrams, 12 records, 0 problems"), "\(r.stderr)")
        #expect(r.stdout.hasPrefix(#"{"exporter":"138.187.0.13","protocol":"ipfix","domain":851968,"src":"10.231.65.56","dst":"10.192.12.213","sport":17000,"dport":17000,"proto":17,"tos":184,"bytes":220,"packets":2,"sampling":1,"#))
        // Raw payloads: the template file first; a damaged file is reported and the rest goes on.
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let data = try TestData.path("flows/logstash-codec-netflow/netflow9_test_cisco_asr9k_data260.dat")
        let template = try TestData.path("flows/logstash-codec-netflow/netflow9_test_cisco_asr9k_tpl260.dat")
        let broken = try dir.write("broken.dat", "\u{0}\u{9}garbage")
        let raw = try TocsinProcess.run(["flows", "decode", "--exporter", "192.0.2.1", template, broken, data], in: dir.path)
        #expect(raw.status == 0 && raw.stdout.split(separator: "\n").count == 21, "\(raw.stderr)")
        #expect(raw.stderr.contains("broken.dat: datagram 1: truncated from 192.0.2.1 at byte 0"), "\(raw.stderr)")
    }

    @Test func ingestLogsFromFilesAndFollowing() async throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let reference = try Self.reference(in: dir)
        let log = try dir.write("access.log", """
            95.56.12.7 - - [05/Jan/2022:16:30:01 +0600] "GET / HTTP/1.1" 200 1000 "-" "a"
            95.56.12.8 - - [05/Jan/2022:16:31:00 +0600] "GET /x HTTP/1.1" 200 500 "-" "a"
            this line is not a request
            {"remote_addr":"2.132.5.5","time_iso8601":"2022-01-05T10:34:59Z","body_bytes_sent":"300"}
            95.56.99.1 - - [05/Jan/2022:16:35:00 +0600] "GET / HTTP/1.1" 200 42 "-" "a"

            """)
        let r = try TocsinProcess.run(["ingest", "logs"] + reference + [log], in: dir.path)
        #expect(r.status == 0 && r.stderr.contains("access.log:3: no client address") && r.stderr.contains("4 requests read, 1 lines skipped"), "\(r.stderr)")
        let kz = try Self.export(dir, "country/KZ", "traffic")
        #expect(kz["1641378600"] == 1800 && kz["1641378900"] == 42, "\(kz)")
        #expect(try Self.export(dir, "asn/9198", "traffic_clients")["1641378600"] == 1, "two clients of one /24")
        #expect(try Self.export(dir, "country/KZ", "traffic_flows")["1641378600"] == 3)

        // Following: lines appended, then the file rotated; everything of ended bins is written.
        let followed = dir.file("live.log")
        FileManager.default.createFile(atPath: followed, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TocsinProcess.binary)
        process.arguments = ["ingest", "logs", "--follow", "--grace", "0"] + reference + [followed]
        process.currentDirectoryURL = URL(fileURLWithPath: dir.path)
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let past = Int(Date().timeIntervalSince1970) / 300 * 300 - 600  // a bin that has ended
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "dd/MMM/yyyy:HH:mm:ss +0000"
        let stamp = formatter.string(from: Date(timeIntervalSince1970: Double(past + 10)))
        func append(_ path: String, _ line: String) throws {
            let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try h.seekToEnd()
            try h.write(contentsOf: Data(line.utf8))
            try h.close()
        }
        try await Task.sleep(for: .seconds(1))
        try append(followed, "95.56.1.1 - - [\(stamp)] \"GET / HTTP/1.1\" 200 111 \"-\" \"a\"\n95.56.1.2 - - [\(stamp)] \"GET / HTTP/1.1\" 200 ")
        try await Task.sleep(for: .seconds(1))
        try append(followed, "222 \"-\" \"a\"\n")  // the second line completed later
        try await Task.sleep(for: .seconds(1))
        try FileManager.default.moveItem(atPath: followed, toPath: followed + ".1")
        _ = try dir.write("live.log", "2.132.1.1 - - [\(stamp)] \"GET / HTTP/1.1\" 200 333 \"-\" \"a\"\n")
        let written = await waitUntil(seconds: 20) { ((try? Self.export(dir, "country/KZ", "traffic")) ?? [:])["\(past)"] == 666 }
        process.terminate()
        process.waitUntilExit()
        #expect(written, "\((try? Self.export(dir, "country/KZ", "traffic")) ?? [:])")
    }

    @Test func serveListensForFlows() async throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let port = 29_055
        let reference = try Self.reference(in: dir)
        let config = try dir.write("tocsin.json", """
            {"reference": {"pfx2as": "\(reference[1])", "delegated": ["\(reference[3])"]},
             "sources": {"flows": {"host": "127.0.0.1", "netflow_port": \(port), "ipfix_port": 0, "sflow_port": 0, "local_prefixes": ["192.0.2.0/24"], "grace": 0}}}
            """)
        let (process, httpPort, log) = try TocsinProcess.startServer(["--config", config, "--port", "0"], in: dir.path)
        defer { if process.isRunning { process.terminate() } }
        let bound = try #require(httpPort, "\(log)")
        // Thirty NetFlow v5 records from a MikroTik, sent three times.
        let payload = try Data(contentsOf: URL(fileURLWithPath: TestData.path("flows/logstash-codec-netflow/netflow5_test_microtik.dat")))
        let s = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(s) }
        var to = sockaddr_in()
        to.sin_family = sa_family_t(AF_INET)
        to.sin_port = UInt16(port).bigEndian
        to.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let metricsURL = URL(string: "http://127.0.0.1:\(bound)/metrics")!
        var records = 0
        let counted = await waitUntil(seconds: 20) {
            _ = payload.withUnsafeBytes { bytes in
                withUnsafePointer(to: &to) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(s, bytes.baseAddress, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
            }
            let text = (try? await URLSession.shared.data(from: metricsURL)).map { String(decoding: $0.0, as: UTF8.self) } ?? ""
            let prefix = #"tocsin_flow_records_total{listener="netflow"} "#
            guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }), let n = Int(line.dropFirst(prefix.count)) else { return false }
            records = n
            return n >= 90
        }
        #expect(counted && records % 30 == 0, "the listener decoded every datagram, 30 records each (metrics: \(records))")
        // A download to a Kazakh user that ended in the previous bin: written once the bin is over.
        let now = Int(Date().timeIntervalSince1970)
        let bin = now / 300 * 300 - 300
        func be(_ v: Int, _ n: Int) -> [UInt8] { (0..<n).map { UInt8(truncatingIfNeeded: v >> (8 * (n - 1 - $0))) } }
        let uptime = 1_000_000, ended = uptime - (now - bin - 100) * 1000
        let v5 = be(5, 2) + be(1, 2) + be(uptime, 4) + be(now, 4) + be(0, 4) + be(1, 4) + be(0, 4)
            + be(0xC000_020A, 4) + be(0x5F38_0C07, 4) + be(0, 4) + be(1, 2) + be(2, 2) + be(7, 4) + be(7_000, 4) + be(ended - 5_000, 4) + be(ended, 4)
            + be(443, 2) + be(50_000, 2) + [0, 0x18, 6, 0] + be(0, 4) + [24, 16, 0, 0]
        _ = v5.withUnsafeBytes { bytes in
            withUnsafePointer(to: &to) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { sendto(s, bytes.baseAddress, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        }
        let seriesURL = URL(string: "http://127.0.0.1:\(bound)/api/series?entity=asn/9198&signal=traffic&from=\(bin)&until=\(bin + 300)")!
        let stored = await waitUntil(seconds: 30) {
            let text = (try? await URLSession.shared.data(from: seriesURL)).map { String(decoding: $0.0, as: UTF8.self) } ?? ""
            return text.contains("[\(bin),7000]")
        }
        #expect(stored, "the traffic series has the download in its bin")
        process.terminate()
    }
}

import Foundation
import Testing
import TocsinCore
import TocsinFlow
import TocsinGeo
import TocsinTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Real exporters on real traffic: two namespaces this test makes talk (ICMP and UDP);
/// softflowd watches the link and exports NetFlow v5, v9 and IPFIX to nfcapd, which repeats
/// every datagram to Tocsin's listeners (`-R`), so both decode the same export; pmacctd's
/// sFlow probe exports to a relay here that hands each datagram to Tocsin and to sfacctd.
/// Totals per bin must agree within 1%. Everything is bounded in time and torn down.
@Suite("Flow collector with softflowd, nfcapd, pmacct", .serialized, .timeLimit(.minutes(3)))
struct FlowLiveTests {

    /// tocsin-fa 10.205.1.1 ⇄ tocsin-fb 10.205.1.2; the export link 10.205.9.2 (fa) → 10.205.9.1 (here).
    static func setUp() throws {
        tearDown()
        try ip("route add unreachable 10.205.0.0/16 metric 4000")
        try ip("netns add tocsin-fa")
        try ip("netns add tocsin-fb")
        try ip("link add fa0 netns tocsin-fa type veth peer name fb0 netns tocsin-fb")
        try ip("link add tfx0 type veth peer name fx1 netns tocsin-fa")
        try ip("-n tocsin-fa addr add 10.205.1.1/24 dev fa0")
        try ip("-n tocsin-fb addr add 10.205.1.2/24 dev fb0")
        try ip("-n tocsin-fa addr add 10.205.9.2/30 dev fx1")
        try ip("addr add 10.205.9.1/30 dev tfx0")
        for (ns, dev) in [("tocsin-fa", "fa0"), ("tocsin-fb", "fb0"), ("tocsin-fa", "fx1"), ("tocsin-fa", "lo"), ("tocsin-fb", "lo")] { try ip("-n \(ns) link set \(dev) up") }
        try ip("link set tfx0 up")
    }

    static func tearDown() {
        _ = try? ExternalTool.run("ip", ["link", "del", "tfx0"])
        _ = try? ExternalTool.run("ip", ["netns", "del", "tocsin-fa"])
        _ = try? ExternalTool.run("ip", ["netns", "del", "tocsin-fb"])
        _ = try? ExternalTool.run("ip", ["route", "del", "unreachable", "10.205.0.0/16", "metric", "4000"])
    }

    /// Reference data placing the test networks in Kazakhstan.
    static func collector() throws -> FlowCollector {
        var geo = GeoDatabase()
        geo.registeredIPv4 = IPv4PrefixTable([(try IPv4Prefix("10.205.0.0/16"), "KZ")])
        return FlowCollector(aggregator: try TrafficAggregator(locator: TrafficLocator(geo), grace: 0))
    }

    /// Bytes and packets per 5-minute bin (by flow end) from nfdump's CSV, of the flows sent
    /// from the test networks (the ones Tocsin locates: link-local IPv6 chatter is not).
    static func nfdump(_ dir: String) throws -> [Int64: (bytes: Double, packets: Double)] {
        let r = try ExternalTool.run("nfdump", ["-R", dir, "-N", "-o", "csv", "src net 10.205.0.0/16"], timeout: 30)
        var bins: [Int64: (bytes: Double, packets: Double)] = [:]
        var columns: [String: Int] = [:]
        for line in r.stdout.split(separator: "\n") {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if f.first == "ts" { for (i, name) in f.enumerated() { columns[name] = i }; continue }
            guard let te = columns["te"], let byt = columns["ibyt"], let pkt = columns["ipkt"], f.count > max(te, byt, pkt),
                  let end = UTCTime.parse(f[te].replacingOccurrences(of: " ", with: "T").components(separatedBy: ".")[0] + "Z") else { continue }
            bins[TimeBin.floor(end), default: (0, 0)].bytes += Double(f[byt]) ?? 0
            bins[TimeBin.floor(end), default: (0, 0)].packets += Double(f[pkt]) ?? 0
        }
        return bins
    }

    /// Tocsin's country totals per bin.
    static func tocsin(_ collector: FlowCollector) -> [Int64: (bytes: Double, packets: Double)] {
        var bins: [Int64: (bytes: Double, packets: Double)] = [:]
        for p in collector.drain(now: .max / 4) where p.key.entity.rawValue == "country/KZ" {
            if p.key.signal == .traffic { bins[p.time, default: (0, 0)].bytes += p.value ?? 0 }
            if p.key.signal == .trafficPackets { bins[p.time, default: (0, 0)].packets += p.value ?? 0 }
        }
        return bins.filter { $0.value.bytes > 0 }
    }

    @Test("NetFlow v5, v9 and IPFIX from softflowd, and sFlow from pmacctd: Tocsin's totals per bin equal nfdump's and sfacctd's")
    func liveExports() async throws {
        for tool in ["softflowd", "softflowctl", "nfcapd", "nfdump", "pmacctd", "sfacctd", "fping"] {
            _ = try #require(ExternalTool.find(tool), "\(tool) is installed by scripts/install-deps.sh test")
        }
        try Self.setUp()
        defer { Self.tearDown() }
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let versions = [(5, 2055), (9, 2056), (10, 2057)]
        let collectors = try versions.map { _ in try Self.collector() }
        let sflow = try Self.collector()
        var ports: [Int] = []
        for c in collectors + [sflow] { ports += try await c.start([.init(name: "test", host: "127.0.0.1", port: 0)]) }
        #expect(ports.allSatisfy { $0 > 0 })
        var daemons: [Daemon] = []
        defer { for d in daemons { d.stop() } }
        for ((version, port), tocsinPort) in zip(versions, ports) {
            try FileManager.default.createDirectory(atPath: dir.file("nf\(version)"), withIntermediateDirectories: true)
            daemons.append(try Daemon("nfcapd-\(version)", "nfcapd", ["-w", dir.file("nf\(version)"), "-p", "\(port)", "-b", "10.205.9.1", "-t", "300",
                                                                     "-I", "v\(version)", "-R", "127.0.0.1/\(tocsinPort)"], log: dir.file("nfcapd-\(version).log"), limit: 120))
        }
        // sFlow: a relay on the export link gives each datagram to Tocsin and to sfacctd.
        let sfacctdPort = 16_343
        _ = try dir.write("sfacctd.conf", """
            daemonize: false
            sfacctd_ip: 127.0.0.1
            sfacctd_port: \(sfacctdPort)
            plugins: print
            aggregate: src_host, dst_host, src_port, dst_port, proto
            print_output: csv
            print_output_file: \(dir.path)/sfacctd-%s.csv
            print_refresh_time: 2
            """)
        daemons.append(try Daemon("sfacctd", "sfacctd", ["-f", dir.file("sfacctd.conf")], log: dir.file("sfacctd.log"), limit: 120))
        let relay = try UDPRelay(host: "10.205.9.1", port: 6343, to: [ports[3], sfacctdPort], seconds: 60)
        _ = try dir.write("pmacctd.conf", """
            daemonize: false
            pcap_interface: fa0
            plugins: sfprobe
            sfprobe_receiver: 10.205.9.1:6343
            sfprobe_agentip: 10.205.9.2
            sampling_rate: 1
            """)
        usleep(500_000)
        for (version, port) in versions {
            daemons.append(try Daemon("softflowd-\(version)", "ip", ["netns", "exec", "tocsin-fa", "softflowd", "-d", "-i", "fa0", "-v", "\(version)",
                                                                      "-n", "10.205.9.1:\(port)", "-c", dir.file("sf\(version).ctl"), "-p", dir.file("sf\(version).pid"),
                                                                      "-t", "maxlife=20", "-t", "expint=2", "-t", "udp=5", "-t", "icmp=5", "-t", "general=10"],
                                       log: dir.file("softflowd-\(version).log"), limit: 90))
        }
        daemons.append(try Daemon("pmacctd", "ip", ["netns", "exec", "tocsin-fa", "pmacctd", "-f", dir.file("pmacctd.conf")], log: dir.file("pmacctd.log"), limit: 90))
        sleep(2)
        // Traffic: ICMP of several sizes, and 400 one-packet UDP flows.
        _ = try ExternalTool.run("ip", ["netns", "exec", "tocsin-fa", "fping", "-c", "20", "-p", "20", "-b", "600", "-q", "10.205.1.2"])
        _ = try ExternalTool.run("ip", ["netns", "exec", "tocsin-fa", "python3", "-c",
                                        "import socket\ns=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)\nfor i in range(400): s.sendto(b'x'*(64+i*3),('10.205.1.2',20000+i))"])
        sleep(1)
        for (version, _) in versions {
            _ = try ExternalTool.run("ip", ["netns", "exec", "tocsin-fa", "softflowctl", "-c", dir.file("sf\(version).ctl"), "expire-all"])
        }
        sleep(4)  // exports on their way, sFlow samples sent, sfacctd's 2 s refresh
        for d in daemons where d.name.hasPrefix("softflowd") || d.name.hasPrefix("nfcapd") || d.name == "pmacctd" { d.stop() }
        sleep(3)
        relay.stop()
        for d in daemons { d.stop() }

        for ((version, _), collector) in zip(versions, collectors) {
            let theirs = try Self.nfdump(dir.file("nf\(version)"))
            let ours = Self.tocsin(collector)
            #expect(!theirs.isEmpty && theirs.values.reduce(0) { $0 + $1.packets } >= 300,
                    "NetFlow v\(version): nfdump saw \(theirs) in \((try? FileManager.default.contentsOfDirectory(atPath: dir.file("nf\(version)"))) ?? []); \(daemons.first { $0.name == "nfcapd-\(version)" }?.output ?? "")")
            #expect(Set(ours.keys) == Set(theirs.keys), "NetFlow v\(version) bins: ours \(ours.keys.sorted()), nfdump \(theirs.keys.sorted())")
            for (bin, t) in theirs {
                let o = ours[bin] ?? (0, 0)
                #expect(abs(o.bytes - t.bytes) <= 0.01 * t.bytes && abs(o.packets - t.packets) <= 0.01 * t.packets,
                        "NetFlow v\(version) bin \(bin): Tocsin \(o), nfdump \(t)")
            }
        }
        // sfacctd: CSV files of SRC_IP,DST_IP,SRC_PORT,DST_PORT,PROTOCOL,PACKETS,BYTES.
        var sfBytes = 0.0, sfPackets = 0.0
        for f in try FileManager.default.contentsOfDirectory(atPath: dir.path) where f.hasPrefix("sfacctd-") && f.hasSuffix(".csv") {
            for line in try String(contentsOfFile: dir.file(f), encoding: .utf8).split(separator: "\n").dropFirst() {
                let c = line.split(separator: ",")
                guard c.count >= 7, c[0].hasPrefix("10.205.") else { continue }
                sfPackets += Double(c[c.count - 2]) ?? 0
                sfBytes += Double(c[c.count - 1]) ?? 0
            }
        }
        let ours = Self.tocsin(sflow).values.reduce((bytes: 0.0, packets: 0.0)) { ($0.bytes + $1.bytes, $0.packets + $1.packets) }
        #expect(sfPackets >= 300, "sfacctd saw \(sfPackets) packets: \(daemons.first { $0.name == "sfacctd" }?.output ?? "")")
        #expect(abs(ours.bytes - sfBytes) <= 0.01 * sfBytes && abs(ours.packets - sfPackets) <= 0.01 * sfPackets, "sFlow: Tocsin \(ours), sfacctd \(sfBytes) B \(sfPackets) packets")
        #expect(relay.relayed > 0)
    }
}

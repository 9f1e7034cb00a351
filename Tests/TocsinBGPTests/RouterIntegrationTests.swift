import Foundation
import Testing
import TocsinBGP
import TocsinCore
import TocsinGeo
import TocsinTestSupport

/// Real routers on loopback: BIRD announces real Kazakh networks (from the IPFire location
/// database) to Tocsin's BGP speaker and to FRR, which streams BMP to Tocsin and records
/// MRT; then BIRD withdraws AS9198 and AS29355.
@Suite("Routers", .serialized, .timeLimit(.minutes(3)))
struct RouterIntegrationTests {
    /// Origins and how many of their networks BIRD announces (AS3356 stands for the rest
    /// of the world, which must not move).
    static let plan: [(asn: UInt32, country: String, count: Int)] = [
        (9198, "KZ", 500), (29355, "KZ", 60), (21299, "KZ", 300), (48503, "KZ", 100), (3356, "US", 400),
    ]
    static let withdrawn: Set<UInt32> = [9198, 29355]

    /// Disjoint networks of /16–/24 per origin, in address order.
    static func networks() throws -> [UInt32: [IPv4Prefix]] {
        let table = try LocationDatabase().ipv4Table()
        var chosen: [UInt32: [IPv4Prefix]] = [:]
        var lastEnd: UInt32?
        for (prefix, network) in zip(table.prefixes, table.payloads) {
            if let end = lastEnd, prefix.first <= end { continue }  // nested in one already taken
            guard let entry = plan.first(where: { $0.asn == network.asn }), network.country == entry.country,
                  (16...24).contains(prefix.length), chosen[entry.asn, default: []].count < entry.count else { continue }
            chosen[entry.asn, default: []].append(prefix)
            lastEnd = prefix.last
        }
        return chosen
    }

    /// /24 blocks per origin, counted by set union: the independent expectation.
    static func blocks(_ networks: [UInt32: [IPv4Prefix]]) -> [UInt32: Int] {
        networks.mapValues { prefixes in
            var set = Set<UInt32>()
            for p in prefixes { for b in (p.first >> 8)...(p.last >> 8) { set.insert(b) } }
            return set.count
        }
    }

    static func birdConfig(_ networks: [UInt32: [IPv4Prefix]], tocsinPort: Int, log: String) -> String {
        var lines = ["log \"\(log)\" all;", "router id 127.0.0.1;", "protocol device {}"]
        for (asn, prefixes) in networks.sorted(by: { $0.key < $1.key }) {
            lines.append("protocol static s\(asn) { ipv4 { import filter { bgp_origin = ORIGIN_IGP; bgp_path.prepend(\(asn)); accept; }; };")
            lines += prefixes.map { "  route \($0) blackhole;" }
            lines.append("}")
        }
        lines.append("template bgp feed { local 127.0.0.1 as 65001; strict bind yes; multihop 1; hold time 30; connect retry time 1; ipv4 { import none; export all; next hop address 203.0.113.1; }; }")
        lines.append("protocol bgp to_tocsin from feed { neighbor 127.0.0.1 port \(tocsinPort) as 64512; }")
        lines.append("protocol bgp to_frr from feed { neighbor 127.0.0.2 as 65010; }")
        return lines.joined(separator: "\n") + "\n"
    }

    static func frrConfig(bmpPort: Int, folder: String) -> String {
        """
        frr defaults traditional
        hostname tocsin-test-frr
        dump bgp updates \(folder)/frr-updates.mrt
        router bgp 65010
         bgp router-id 127.0.0.2
         no bgp ebgp-requires-policy
         neighbor 127.0.0.1 remote-as 65001
         neighbor 127.0.0.1 update-source 127.0.0.2
         neighbor 127.0.0.1 disable-connected-check
         neighbor 127.0.0.1 timers connect 1
         neighbor 127.0.0.1 soft-reconfiguration inbound
         bmp targets tocsin
          bmp connect 127.0.0.1 port \(bmpPort) min-retry 100 max-retry 1000
          bmp monitor ipv4 unicast pre-policy
         exit
        """
    }

    @Test("withdrawals show in the next bin, live over BGP and BMP and again from the router's MRT")
    func kazakhstanWithdrawal() async throws {
        for tool in ["bird", "birdc", "vtysh", "bgpdump"] { _ = try #require(ExternalTool.find(tool), "\(tool) is installed by scripts/install-deps.sh test") }
        let bgpd = "/usr/lib/frr/bgpd"
        #expect(FileManager.default.isExecutableFile(atPath: bgpd))
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        chmod(folder.path, 0o777)  // FRR drops to its own user

        let networks = try Self.networks()
        let expected = Self.blocks(networks)
        for entry in Self.plan { #expect(networks[entry.asn]?.count ?? 0 > entry.count / 2, "too few networks of AS\(entry.asn) in the location database") }
        let total = networks.values.map(\.count).reduce(0, +)
        let remaining = total - Self.withdrawn.map { networks[$0]?.count ?? 0 }.reduce(0, +)

        let geo = try LocationDatabase()
        var database = GeoDatabase()
        database.libloc = geo
        let counter = VisibilityCounter(geo: database, thresholds: FullFeedThresholds(ipv4: total / 2, ipv6: 1_000_000))
        let collector = BGPCollector(counter: counter)
        let speaker = try await BGPSpeaker.start(BGPSpeakerConfiguration(host: "127.0.0.1", port: 0, localAS: 64512, holdTime: 30), collector: collector)
        let bmp = try await BMPReceiver.start(BMPReceiverConfiguration(host: "127.0.0.1", port: 0), collector: collector)
        defer { Task { await speaker.close(); await bmp.close() } }

        let t0: Int64 = 1_700_000_100
        #expect(await collector.tick(now: t0).isEmpty)

        let frrConf = folder.file("bgpd.conf")
        try Self.frrConfig(bmpPort: bmp.port, folder: folder.path).write(toFile: frrConf, atomically: true, encoding: .utf8)
        let frr = try Daemon("frr", bgpd, ["-M", "bmp", "-f", frrConf, "-i", folder.file("bgpd.pid"), "-Z", "-S", "-l", "127.0.0.2", "-P", "0",
                                           "--vty_socket", folder.path, "--log", "file:\(folder.file("frr.log"))"], log: folder.file("frr.out"), limit: 150)
        defer { frr.stop() }
        let birdConf = folder.file("bird.conf")
        try Self.birdConfig(networks, tocsinPort: speaker.port, log: folder.file("bird.log")).write(toFile: birdConf, atomically: true, encoding: .utf8)
        let bird = try Daemon("bird", "bird", ["-f", "-c", birdConf, "-s", folder.file("bird.sock"), "-P", folder.file("bird.pid")], log: folder.file("bird.out"), limit: 150)
        defer { bird.stop() }

        func routes(_ source: String) async -> Int {
            await collector.peerRoutes().filter { $0.peer.source.hasPrefix(source) }.map(\.ipv4).max() ?? 0
        }
        let announced = await waitUntil(seconds: 60) {
            let (a, b) = (await routes("bgp"), await routes("bmp"))
            return a == total && b == total
        }
        let (bgpRoutes, bmpRoutes) = (await routes("bgp"), await routes("bmp"))
        #expect(announced, "BGP peer has \(bgpRoutes), BMP peer \(bmpRoutes) of \(total) routes; bird: \(bird.output) frr: \(frr.output)")
        let vty = ["--vty_socket", folder.path, "-d", "bgpd", "-c", "configure terminal"]
        _ = try ExternalTool.run("vtysh", vty + ["-c", "dump bgp routes-mrt \(folder.file("frr-rib-1.mrt"))"])

        let before = Self.values(await collector.tick(now: t0 + 300), at: t0 - t0 % 300)

        for asn in Self.withdrawn { _ = try ExternalTool.run("birdc", ["-s", folder.file("bird.sock"), "disable", "s\(asn)"]) }
        let gone = await waitUntil(seconds: 60) {
            let (a, b) = (await routes("bgp"), await routes("bmp"))
            return a == remaining && b == remaining
        }
        let (bgpLeft, bmpLeft) = (await routes("bgp"), await routes("bmp"))
        #expect(gone, "after the withdrawal: BGP peer has \(bgpLeft), BMP peer \(bmpLeft), want \(remaining)")
        let after = Self.values(await collector.tick(now: t0 + 600), at: t0 - t0 % 300 + 300)
        _ = try ExternalTool.run("vtysh", vty + ["-c", "no dump bgp updates"])

        // Live: the withdrawn networks go to zero in the next bin; the others stay.
        for entry in Self.plan {
            let id = "asn/\(entry.asn)"
            #expect(before[id] == Double(expected[entry.asn] ?? -1), "\(id) before")
            #expect(after[id] == (Self.withdrawn.contains(entry.asn) ? 0 : Double(expected[entry.asn] ?? -1)), "\(id) after")
        }
        let share = Double(Self.withdrawn.map { expected[$0] ?? 0 }.reduce(0, +))
        let kz = try #require(before["country/KZ"])
        #expect(kz == Double(Self.plan.filter { $0.country == "KZ" }.map { expected[$0.asn] ?? 0 }.reduce(0, +)))
        #expect(after["country/KZ"] == kz - share)
        #expect(after["country/US"] == before["country/US"])
        #expect(after["country/KZ/mobile"] != nil)

        // The router's own recording, re-ingested, gives the same values.
        bird.stop()
        frr.stop()
        let rib = folder.file("frr-rib-1.mrt"), updates = folder.file("frr-updates.mrt")
        #expect(FileManager.default.fileExists(atPath: rib) && FileManager.default.fileExists(atPath: updates))
        #expect(Self.ingestFinal([rib], counter) == Self.signalValues(before, "bgp"))
        #expect(Self.ingestFinal([updates], counter) == Self.signalValues(after, "bgp"))
        // And both recordings print as bgpdump prints them.
        for file in [rib, updates] {
            let reference = try ExternalTool.run("bgpdump", ["-q", "-m", file])
            var ours: [UInt8] = []
            _ = MRTDump().run(paths: [file]) { ours += $0 }
            #expect(String(decoding: ours, as: UTF8.self) == reference.stdout)
        }
    }

    static func values(_ points: [SignalPoint], at time: Int64) -> [String: Double] {
        var out: [String: Double] = [:]
        for p in points where p.time == time && p.key.signal.rawValue == "bgp" { out[p.key.entity.rawValue] = p.value }
        return out
    }

    static func signalValues(_ values: [String: Double], _ signal: String) -> [String: Double] {
        values.filter { $0.value > 0 }
    }

    /// The last bin's `bgp` values from ingesting the files.
    static func ingestFinal(_ files: [String], _ counter: VisibilityCounter) -> [String: Double] {
        var ingest = MRTIngest(recorder: BGPSignalRecorder(counter: counter), collector: "frr")
        var all: [SignalPoint] = []
        let summary = ingest.run(paths: files) { all += $0 }
        #expect(summary.errors.isEmpty, "\(summary.errors)")
        guard let last = all.map(\.time).max() else { return [:] }
        return signalValues(values(all, at: last), "bgp")
    }
}

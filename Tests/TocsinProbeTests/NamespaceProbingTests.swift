import Foundation
import Testing
import TocsinCore
import TocsinGeo
import TocsinProbe
import TocsinTestSupport

/// Three "networks" in network namespaces this test makes (10.203.1-3.0/24, twenty hosts
/// each answering, the rest silent), probed from the test's own namespace; one network's
/// link goes down and comes back. Nothing is sent outside 10.203.0.0/16, and an
/// `unreachable` route makes sure a downed link cannot send probes anywhere else.
@Suite("Probing namespaces", .serialized, .timeLimit(.minutes(2)))
struct NamespaceProbingTests {
    static let networks = 1...3

    static func ip(_ arguments: String) throws {
        let r = try ExternalTool.run("ip", arguments.split(separator: " ").map(String.init))
        if r.status != 0 { throw DaemonError(reason: "ip \(arguments): \(r.stderr)") }
    }

    static func setUp() throws {
        tearDown()
        try ip("route add unreachable 10.203.0.0/16 metric 4000")
        for k in networks {
            let a = 4 * k - 3, b = 4 * k - 2
            try ip("netns add tocsin-pr\(k)")
            try ip("link add tprb\(k) type veth peer name e0 netns tocsin-pr\(k)")
            try ip("addr add 10.203.0.\(a)/30 dev tprb\(k)")
            try ip("link set tprb\(k) up")
            try ip("-n tocsin-pr\(k) addr add 10.203.0.\(b)/30 dev e0")
            try ip("-n tocsin-pr\(k) link set e0 up")
            try ip("-n tocsin-pr\(k) link set lo up")
            for h in 1...20 { try ip("-n tocsin-pr\(k) addr add 10.203.\(k).\(h)/32 dev lo") }
            try ip("-n tocsin-pr\(k) route add default via 10.203.0.\(a)")
            try ip("route add 10.203.\(k).0/24 via 10.203.0.\(b)")
            _ = try ExternalTool.run("ip", ["netns", "exec", "tocsin-pr\(k)", "sysctl", "-q", "-w", "net.ipv4.icmp_ratelimit=0"])
        }
    }

    static func tearDown() {
        for k in networks {
            _ = try? ExternalTool.run("ip", ["link", "del", "tprb\(k)"])
            _ = try? ExternalTool.run("ip", ["netns", "del", "tocsin-pr\(k)"])
        }
        _ = try? ExternalTool.run("ip", ["route", "del", "unreachable", "10.203.0.0/16", "metric", "4000"])
    }

    /// Addresses fping (Debian) finds alive among `targets`.
    static func fping(_ targets: [UInt32]) throws -> Set<UInt32> {
        let text = targets.map { "\($0 >> 24).\(($0 >> 16) & 0xFF).\(($0 >> 8) & 0xFF).\($0 & 0xFF)" }
        let r = try ExternalTool.run("fping", ["-a", "-q", "-r", "1", "-t", "300"] + text, timeout: 60)
        return Set(r.stdout.split(separator: "\n").compactMap { IPv4Address($0.trimmingCharacters(in: .whitespaces))?.value })
    }

    @Test("census, rounds, an outage and a return, against fping")
    func outageAndReturn() throws {
        _ = try #require(ExternalTool.find("fping"), "fping is installed by scripts/install-deps.sh test")
        try Self.setUp()
        defer { Self.tearDown() }
        let prefixes = Self.networks.map { IPv4Prefix(masking: 0x0ACB_0000 | UInt32($0) << 8, length: 24) }
        let socket = try ICMPSocket()
        let prober = Prober(scope: ProbeScope(prefixes: prefixes), configuration: Prober.Configuration(rate: 5_000, burst: 100, timeout: 0.4, maxPerBlock: 256), socket: socket)

        let census = try Census.run(prefixes, passes: 2, prober: prober)
        #expect(census.eligible.map(\.prefixText) == ["10.203.1.0/24", "10.203.2.0/24", "10.203.3.0/24"])
        #expect(census.eligible.allSatisfy { $0.hosts == Array(1...20) && $0.availability == 1 })
        var blocks = census.eligible

        // The same answers as fping, host by host, live and silent addresses alike.
        let sample = Self.networks.flatMap { k in (15...25).map { 0x0ACB_0000 | UInt32(k) << 8 | UInt32($0) } }
        #expect(prober.probe(sample) == (try Self.fping(sample)))

        var signal = ProbingSignal { block in BlockLocation(asn: 65_100 + (block & 0xFF), country: "KZ") }
        var outcome = ProbeRound.run(&blocks, prober: prober, time: 1_641_000_000)
        #expect(blocks.allSatisfy(\.up) && outcome.changes.isEmpty)
        _ = signal.points(blocks, time: 1_641_000_000)

        try Self.ip("-n tocsin-pr1 link set e0 down")
        outcome = ProbeRound.run(&blocks, prober: prober, time: 1_641_000_600)
        #expect(outcome.changes == [ProbeRound.Change(block: "10.203.1.0/24", up: false, time: 1_641_000_600)], "down within one round")
        #expect(blocks.map(\.up) == [false, true, true])
        #expect(prober.probe(sample) == (try Self.fping(sample)), "fping agrees during the outage")
        let during = Dictionary(signal.points(blocks, time: 1_641_000_600).map { ($0.key.entity.rawValue, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(during["asn/65101"] == 0 && during["asn/65102"] == 1 && during["country/KZ"] == 2)

        try Self.ip("-n tocsin-pr1 link set e0 up")
        try Self.ip("-n tocsin-pr1 route add default via 10.203.0.1")  // taking the link down removed it
        let reachable = try (0..<50).contains { _ in
            if try !Self.fping([0x0ACB_0101]).isEmpty { return true }
            usleep(100_000)
            return false
        }
        #expect(reachable, "the link is back (fping)")
        outcome = ProbeRound.run(&blocks, prober: prober, time: 1_641_001_200)
        #expect(outcome.changes.map(\.up) == [true] && blocks.allSatisfy(\.up), "up within one round")
        #expect(prober.counters.refused == 0 && prober.counters.sendErrors == 0)
    }

    @Test("targets outside the scope are refused; the rate limit holds on the wire")
    func scopeAndRate() throws {
        try Self.setUp()
        defer { Self.tearDown() }
        let socket = try ICMPSocket()
        let scope = ProbeScope(prefixes: [IPv4Prefix(masking: 0x0ACB_0000, length: 16)], optOut: [IPv4Prefix(masking: 0x0ACB_0300, length: 24)])
        for rate in [200.0, 1_000, 4_000] {
            let prober = Prober(scope: scope, configuration: Prober.Configuration(rate: rate, burst: 10, timeout: 0.2, maxPerBlock: 10_000), socket: socket)
            let targets = (0..<Int(rate / 2)).map { 0x0ACB_0100 | UInt32($0 % 20 + 1) } + [0x0808_0808, 0x0ACB_0305]
            let start = Date()
            let answered = prober.probe(targets)
            let elapsed = Date().timeIntervalSince(start)
            #expect(prober.counters.refused == 2, "8.8.8.8 and the opted-out 10.203.3.0/24 are never probed")
            #expect(Double(prober.counters.sent) <= 10 + rate * elapsed + 1, "rate \(rate): \(prober.counters.sent) probes in \(elapsed) s")
            #expect(answered.count == 20)
        }
    }
}

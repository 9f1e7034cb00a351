import Foundation
import Testing
import TocsinCore
import TocsinDetect
import TocsinGeo
import TocsinProbe
import TocsinTestSupport

/// Three "networks" in network namespaces this test makes (10.203.1-3.0/24, twenty hosts
/// each answering, the rest silent), probed from the test's own namespace; one network's
/// link goes down and comes back. Nothing is sent outside 10.203.0.0/16, and an
/// `unreachable` route makes sure a downed link cannot send probes anywhere else.
@Suite("Probing namespaces", .serialized, .timeLimit(.minutes(2)))
struct NamespaceProbingTests {
    static let networks = ProbeNetworks.networks
    static func setUp() throws { try ProbeNetworks.setUp() }
    static func tearDown() { ProbeNetworks.tearDown() }
    static func fping(_ targets: [UInt32]) throws -> Set<UInt32> { try ProbeNetworks.fping(targets) }

    @Test("census, rounds, an outage and a return, against fping")
    func outageAndReturn() throws {
        // Network 1 is 10.203.1.0/24 and 10.203.16.0/20: seventeen blocks of AS65101.
        _ = try #require(ExternalTool.find("fping"), "fping is installed by scripts/install-deps.sh test")
        try Self.setUp()
        defer { Self.tearDown() }
        let prefixes = Self.networks.map { IPv4Prefix(masking: 0x0ACB_0000 | UInt32($0) << 8, length: 24) } + [IPv4Prefix(masking: 0x0ACB_1000, length: 20)]
        let asn: @Sendable (UInt32) -> UInt32 = { block in (block & 0xFF) >= 16 ? 65_101 : 65_100 + (block & 0xFF) }
        let socket = try ICMPSocket<IPv4>()
        let prober = Prober(scope: ProbeScope(prefixes: prefixes), configuration: Prober.Configuration(rate: 5_000, burst: 100, timeout: 0.4, maxPerBlock: 256), socket: socket)

        let census = try Census.run(prefixes, passes: 2, prober: prober)
        #expect(census.eligible.prefix(3).map(\.prefixText) == ["10.203.1.0/24", "10.203.2.0/24", "10.203.3.0/24"])
        #expect(census.eligible.prefix(3).allSatisfy { $0.hosts == Array(1...20) && $0.availability == 1 })
        #expect(census.eligible.count == 19 && census.eligible.dropFirst(3).allSatisfy { $0.hosts.count == 256 })
        var blocks = census.eligible

        // The same answers as fping, host by host, live and silent addresses alike.
        let sample = Self.networks.flatMap { k in (15...25).map { 0x0ACB_0000 | UInt32(k) << 8 | UInt32($0) } }
        #expect(prober.probe(sample) == (try Self.fping(sample)))

        var signal = ProbingSignal<IPv4> { block in NetworkLocation(asn: asn(block), country: "KZ") }
        var outcome = ProbeRound.run(&blocks, prober: prober, time: 1_641_000_000)
        #expect(blocks.allSatisfy(\.up) && outcome.changes.isEmpty)
        // A week of history as these rounds would have recorded it (every block up), so the
        // detector has a baseline; then the live rounds' points.
        let normal: [(String, Double)] = [("asn/65101", 17), ("asn/65102", 1), ("asn/65103", 1), ("country/KZ", 19)]
        var points: [SignalPoint] = []
        for i in 1...2016 {
            for (e, value) in normal {
                points.append(SignalPoint(entity: try EntityID(e), signal: .probing, time: 1_641_000_000 - Int64(i) * 300, value: value))
            }
        }
        points += signal.points(blocks, time: 1_641_000_000)

        try ip("-n tocsin-pr1 link set e0 down")
        outcome = ProbeRound.run(&blocks, prober: prober, time: 1_641_000_600)
        #expect(outcome.changes.count == 17 && outcome.changes.allSatisfy { !$0.up && $0.time == 1_641_000_600 }, "down within one round")
        #expect(blocks.filter(\.up).map(\.prefixText) == ["10.203.2.0/24", "10.203.3.0/24"])
        #expect(prober.probe(sample) == (try Self.fping(sample)), "fping agrees during the outage")
        let duringPoints = signal.points(blocks, time: 1_641_000_600)
        points += duringPoints
        let during = Dictionary(duringPoints.map { ($0.key.entity.rawValue, $0.value) }, uniquingKeysWith: { a, _ in a })
        #expect(during["asn/65101"] == 0 && during["asn/65102"] == 1 && during["country/KZ"] == 2)
        #expect(outcome.changes.contains(ProbeBlockChange(prefix: "10.203.1.0/24", up: false, time: 1_641_000_600)))
        _ = ProbeRound.run(&blocks, prober: prober, time: 1_641_000_900)  // still down in the next bin
        points += signal.points(blocks, time: 1_641_000_900)
        // The detector raises an event for the network that went dark, and only for it.
        let grouped: [SeriesKey: [SignalPoint]] = Dictionary(grouping: points) { (p: SignalPoint) in p.key }
        let series: [Series] = grouped.map { key, list in
            Series(key: key, samples: list.sorted { $0.time < $1.time }.map { (time: $0.time, value: $0.value) })
        }
        let events = TocsinDetector().detect(series).events
        #expect(events.contains { $0.entity.rawValue == "asn/65101" && $0.start == 1_641_000_600 }, "\(events.map { "\($0.entity) \($0.start)" })")
        #expect(!events.contains { $0.entity.rawValue == "asn/65102" || $0.entity.rawValue == "asn/65103" })

        try ip("-n tocsin-pr1 link set e0 up")
        try ip("-n tocsin-pr1 route add default via 10.203.0.1")  // taking the link down removed it
        let reachable = try (0..<50).contains { _ in
            if try !Self.fping([0x0ACB_0101]).isEmpty { return true }
            usleep(100_000)
            return false
        }
        #expect(reachable, "the link is back (fping)")
        outcome = ProbeRound.run(&blocks, prober: prober, time: 1_641_001_200)
        #expect(outcome.changes.count == 17 && outcome.changes.allSatisfy(\.up) && blocks.allSatisfy(\.up), "up within one round")
        #expect(prober.counters.refused == 0 && prober.counters.sendErrors == 0)
    }

    @Test("IPv6: census of the three /48s, an outage and a return, against fping -6")
    func ipv6OutageAndReturn() throws {
        _ = try #require(ExternalTool.find("fping"), "fping is installed by scripts/install-deps.sh test")
        try Self.setUp()
        defer { Self.tearDown() }
        let blockOf: (Int) -> UInt128 = { k in 0xFD00_0203_0000 | UInt128(k) }
        let prefixes = Self.networks.map { IPv6Prefix(masking: blockOf($0) << 80, length: 116) }  // 4,096 addresses each
        let prober = Prober(scope: ProbeScope(prefixes: prefixes), configuration: Prober<IPv6>.Configuration(rate: 5_000, burst: 100, timeout: 0.4, maxPerBlock: 1 << 20),
                            socket: try ICMPSocket<IPv6>())
        let census = try Census<IPv6>.run(prefixes, passes: 2, prober: prober)
        #expect(census.eligible.map(\.prefixText) == ["fd00:203:1::/48", "fd00:203:2::/48", "fd00:203:3::/48"])
        #expect(census.eligible.allSatisfy { $0.hosts == (1...20).map { UInt128($0) } && $0.availability == 1 })
        var blocks = census.eligible

        let sample = Self.networks.flatMap { k in (0x10...0x18).map { blockOf(k) << 80 | UInt128($0) } }
        let text = sample.map { IPv6Address($0).description }
        #expect(Set(prober.probe(sample).map { IPv6Address($0).description }) == (try ProbeNetworks.fping6(text)), "the same answers as fping -6")

        var signal = ProbingSignal<IPv6> { block in NetworkLocation(asn: 65_100 + UInt32(block & 0xFF), country: "KZ") }
        #expect(ProbeRound.run(&blocks, prober: prober, time: 1_641_000_000).changes.isEmpty && blocks.allSatisfy(\.up))
        try ProbeNetworks.silence(2, true)
        let outcome = ProbeRound.run(&blocks, prober: prober, time: 1_641_000_600)
        #expect(outcome.changes == [ProbeBlockChange(prefix: "fd00:203:2::/48", up: false, time: 1_641_000_600)], "down within one round")
        let during = signal.points(blocks, time: 1_641_000_600)
        #expect(during.allSatisfy { $0.key.signal == .probing6 })
        #expect(during.first { $0.key.entity.rawValue == "asn/65102" }?.value == 0 && during.first { $0.key.entity.rawValue == "country/KZ" }?.value == 2)
        #expect(Set(prober.probe(sample).map { IPv6Address($0).description }) == (try ProbeNetworks.fping6(text)), "fping -6 agrees during the outage")

        try ProbeNetworks.silence(2, false)
        #expect(try !ProbeNetworks.fping6(["fd00:203:2::1"]).isEmpty, "the hosts answer again (fping -6)")
        let back = ProbeRound.run(&blocks, prober: prober, time: 1_641_001_200)
        #expect(back.changes.map(\.prefix) == ["fd00:203:2::/48"] && blocks.allSatisfy(\.up), "up within one round")
        #expect(prober.counters.refused == 0 && prober.counters.sendErrors == 0)
    }

    @Test("targets outside the scope are refused; the rate limit holds on the wire")
    func scopeAndRate() throws {
        try Self.setUp()
        defer { Self.tearDown() }
        let socket = try ICMPSocket<IPv4>()
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
        // A block opted out after its census is not probed, and its silence is no evidence:
        // it keeps its state instead of going down.
        var blocks = [TrackedBlock<IPv4>(block: 0x0ACB03, hosts: Array(1...20), availability: 1)]
        let prober = Prober(scope: scope, configuration: Prober<IPv4>.Configuration(rate: 1_000, burst: 10, timeout: 0.2), socket: socket)
        let outcome = ProbeRound.run(&blocks, prober: prober, time: 1_641_000_000)
        #expect(outcome.changes.isEmpty && blocks[0].up && outcome.undecided == 1 && prober.counters.sent == 0)
    }
}

import ArgumentParser
import Foundation
import TocsinCore
import TocsinGeo
import TocsinProbe
import TocsinStore

/// `tocsin probe`: Tocsin's own vantage on the data plane (ICMP and ICMPv6, Trinocular-style).
struct Probe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Active probing: find responsive blocks (IPv4 /24s, IPv6 /48s), then watch them round by round (needs root or CAP_NET_RAW).",
        subcommands: [ProbeCensus.self, ProbeRun.self]
    )
}

/// Options shared by the probing commands.
struct ProbingOptions: ParsableArguments {
    @Option(help: "Probes per second across everything (each address family gets this rate).")
    var rate: Double = 1_000
    @Option(help: "Seconds a probe waits for its reply.")
    var timeout: Double = 3
    @Option(name: .customLong("opt-out"), help: "A prefix never to probe, IPv4 or IPv6 (repeatable).")
    var optOut: [String] = []

    func validate() throws {
        guard rate > 0, rate <= 1_000_000, timeout > 0, timeout <= 60 else { throw ValidationError("--rate must be 0–1000000 and --timeout 0–60 s") }
        _ = try PrefixList(optOut, option: "--opt-out")
    }

    func configuration<Family>(maxPerBlock: Int = 16) -> Prober<Family>.Configuration {
        Prober<Family>.Configuration(rate: rate, burst: max(1, rate / 20), timeout: timeout, maxPerBlock: maxPerBlock)
    }

    var optOutPrefixes: PrefixList { (try? PrefixList(optOut)) ?? PrefixList() }
}

extension PrefixList {
    /// Parsed for the command line: a bad prefix is a usage error naming `option`.
    init(_ texts: [String], option: String) throws {
        do { try self.init(texts) } catch { throw ValidationError("\(option): \(error)") }
    }
}

/// Opens the raw socket of a family, or says why it cannot.
func openICMPSocket<Family: ProbeFamily>(_: Family.Type) throws -> ICMPSocket<Family> {
    do { return try ICMPSocket<Family>() } catch { throw CLIError(error.description) }
}

/// `tocsin probe census PREFIX...`
struct ProbeCensus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "census",
        abstract: "Sweep prefixes (or a hitlist) once per pass; keep the blocks with at least 15 responsive addresses and availability ≥ 0.1.",
        discussion: """
            IPv4 blocks are /24s, IPv6 blocks /48s. The blocks found replace the tracked blocks of their address family in the store, \
            for `tocsin probe run` and `tocsin serve`. At most 1,048,576 addresses per family per census: IPv6 space cannot be swept, \
            so give small IPv6 prefixes or a hitlist.
            """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var probing: ProbingOptions
    @Option(help: "How many sweeps (availability is their mean).")
    var passes = 2
    @Option(help: "A file of addresses to probe, one per line (IPv4 or IPv6; # starts a comment).")
    var hitlist: String?
    @Argument(help: "Prefixes to sweep, e.g. 95.56.0.0/16 or 2001:db8:1::/116.")
    var prefixes: [String] = []

    func run() async throws {
        let sweep = try PrefixList(prefixes, option: "prefix")
        var listed: (v4: [UInt32], v6: [UInt128]) = ([], [])
        if let hitlist {
            guard let text = try? String(contentsOfFile: hitlist, encoding: .utf8) else { throw CLIError("cannot read the hitlist \(hitlist)") }
            for (n, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
                let entry = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first?.trimmingCharacters(in: .whitespaces) ?? ""
                guard !entry.isEmpty else { continue }
                switch IPAddress(entry) {
                case .v4(let a): listed.v4.append(a.value)
                case .v6(let a): listed.v6.append(a.value)
                case nil: throw CLIError("\(hitlist):\(n + 1): not an address: \(entry)")
                }
            }
        }
        guard !sweep.v4.isEmpty || !sweep.v6.isEmpty || !listed.v4.isEmpty || !listed.v6.isEmpty else {
            throw ValidationError("give prefixes to sweep or a --hitlist")
        }
        let db = try await store.openStore()
        let optOut = probing.optOutPrefixes
        if !sweep.v4.isEmpty || !listed.v4.isEmpty {
            try await census(IPv4.self, sweep: sweep.v4, listed: listed.v4, optOut: optOut.v4, db: db)
        }
        if !sweep.v6.isEmpty || !listed.v6.isEmpty {
            try await census(IPv6.self, sweep: sweep.v6, listed: listed.v6, optOut: optOut.v6, db: db)
        }
    }

    private func census<Family: ProbeFamily>(_: Family.Type, sweep: [IPPrefix<Family>], listed: [Family.Bits], optOut: [IPPrefix<Family>],
                                             db: any ObservatoryStore) async throws {
        // The scope is what was asked for; a census sweeps whole blocks.
        let scope = ProbeScope<Family>(prefixes: sweep + listed.map { IPPrefix(masking: $0, length: Family.width) }, optOut: optOut)
        let prober = Prober(scope: scope, configuration: probing.configuration(maxPerBlock: 1 << 20), socket: try openICMPSocket(Family.self))
        let rounds = max(1, min(passes, 10))
        var result: Census<Family>.Result
        do {
            let addresses = try Census<Family>.addresses(sweep) + listed
            result = try Census<Family>.run(addresses: addresses, passes: rounds, prober: prober)
        } catch { throw CLIError(error.description) }
        for b in result.blocks {
            print("\(b.prefixText) responsive=\(b.hosts.count) availability=\(String(format: "%.2f", b.availability)) \(b.isEligible ? "tracked" : "not tracked")")
        }
        try await db.replaceProbeBlocks(family: Family.version, result.eligible.map {
            ProbeBlockRecord(prefix: $0.prefixText, family: Family.version, hosts: $0.packedHosts, availability: $0.availability, up: $0.up, changedAt: $0.changedAt)
        })
        let c = prober.counters
        StandardError.print("\(Family.name): \(result.probed) probes, \(c.answered) answered, \(c.refused) refused (out of scope or opted out); \(result.eligible.count) of \(result.blocks.count) responsive blocks tracked")
    }
}

/// `tocsin probe run`
struct ProbeRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Probe the tracked blocks in rounds; store the probing series and print each block that goes down or comes back.",
        discussion: """
            IPv4 and IPv6 blocks are probed side by side, each family at --rate. Block states and changes are kept in the store \
            after every round, so a restart resumes and event pages show the changes. The series (`probing`, `probing6`) count \
            blocks up per country, AS and access group.
            """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var reference: ReferenceOptions
    @OptionGroup var probing: ProbingOptions
    @Option(help: "Rounds to run (0: until interrupted).")
    var rounds = 0
    @Option(help: "Seconds from one round's start to the next (Trinocular: 660).")
    var interval: Double = 600
    @Option(help: "Groups of blocks probed at even times across the interval (0: one per 10 s).")
    var slots = 0

    func validate() throws {
        guard interval.isFinite, (0...86_400).contains(interval) else { throw ValidationError("--interval must be 0–86400 s") }
        guard rounds >= 0, slots >= 0 else { throw ValidationError("--rounds and --slots cannot be negative") }
    }

    func run() async throws {
        let db = try await store.openStore()
        let imported = try await LegacyProbeState.importIfPresent(folder: store.folder, into: db)
        if imported > 0 { StandardError.print("imported \(imported) blocks from \(store.folder)/probe-blocks.json into the store") }
        let v4 = try await ProbeRounds<IPv4>.load(from: db) { StandardError.print($0) }
        let v6 = try await ProbeRounds<IPv6>.load(from: db) { StandardError.print($0) }
        guard !v4.isEmpty || !v6.isEmpty else { throw CLIError("no tracked blocks in \(store.folder): run `tocsin probe census PREFIX...` first") }
        let geo = (try? reference.load()) ?? GeoDatabase()
        let optOut = probing.optOutPrefixes
        let report: @Sendable (String, Bool) -> Void = { line, isChange in isChange ? print(line) : StandardError.print(line) }
        // A family whose socket cannot open (IPv6 disabled, say) is left out; the other runs.
        func socket<Family: ProbeFamily>(_ family: Family.Type, _ blocks: [TrackedBlock<Family>]) -> ICMPSocket<Family>? {
            guard !blocks.isEmpty else { return nil }
            do { return try openICMPSocket(family) } catch {
                StandardError.print("\(Family.name) blocks are not probed: \(error)")
                return nil
            }
        }
        let (s4, s6) = (socket(IPv4.self, v4), socket(IPv6.self, v6))
        guard s4 != nil || s6 != nil else { throw CLIError("no raw ICMP socket could be opened") }
        try await withThrowingTaskGroup(of: Void.self) { group in
            if let s4 {
                let r = ProbeRounds<IPv4>(store: db, geo: geo, configuration: probing.configuration(), optOut: optOut.v4, interval: interval, slots: slots, report: report)
                group.addTask { try await r.run(v4, socket: s4, rounds: rounds) }
            }
            if let s6 {
                let r = ProbeRounds<IPv6>(store: db, geo: geo, configuration: probing.configuration(), optOut: optOut.v6, interval: interval, slots: slots, report: report)
                group.addTask { try await r.run(v6, socket: s6, rounds: rounds) }
            }
            try await group.waitForAll()
        }
    }
}

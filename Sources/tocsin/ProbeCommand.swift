import ArgumentParser
import Foundation
import TocsinCore
import TocsinGeo
import TocsinProbe
import TocsinStore

/// `tocsin probe`: Tocsin's own vantage on the data plane (ICMP, Trinocular-style).
struct Probe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Active probing: find responsive /24 blocks, then watch them round by round (needs root or CAP_NET_RAW).",
        subcommands: [ProbeCensus.self, ProbeRun.self]
    )
}

/// Options shared by the probing commands.
struct ProbingOptions: ParsableArguments {
    @Option(help: "Probes per second across everything.")
    var rate: Double = 1_000
    @Option(help: "Seconds a probe waits for its reply.")
    var timeout: Double = 3
    @Option(name: .customLong("opt-out"), help: "A prefix never to probe (repeatable).")
    var optOut: [String] = []

    func prober(scope prefixes: [IPv4Prefix], maxPerBlock: Int = 16) throws -> Prober {
        guard rate > 0, rate <= 1_000_000, timeout > 0, timeout <= 60 else { throw ValidationError("--rate must be 0–1000000 and --timeout 0–60 s") }
        let optOut = try optOut.map { text -> IPv4Prefix in
            do { return try IPv4Prefix(text) } catch { throw ValidationError("--opt-out \(text): \(error)") }
        }
        let socket: ICMPSocket
        do { socket = try ICMPSocket() } catch { throw CLIError(error.description) }
        return Prober(scope: ProbeScope(prefixes: prefixes, optOut: optOut),
                      configuration: Prober.Configuration(rate: rate, burst: max(1, rate / 20), timeout: timeout, maxPerBlock: maxPerBlock), socket: socket)
    }
}

/// `tocsin probe census PREFIX...`
struct ProbeCensus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "census",
        abstract: "Sweep prefixes once per pass; keep the /24s with at least 15 responsive addresses and availability ≥ 0.1.",
        discussion: "The blocks found are saved in DATA/probe-blocks.json for `tocsin probe run`. At most 1,048,576 addresses per census."
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var probing: ProbingOptions
    @Option(help: "How many sweeps (availability is their mean).")
    var passes = 2
    @Argument(help: "IPv4 prefixes, e.g. 95.56.0.0/16.")
    var prefixes: [String]

    func run() async throws {
        let parsed = try prefixes.map { text -> IPv4Prefix in
            do { return try IPv4Prefix(text) } catch { throw ValidationError("\(text): \(error)") }
        }
        let prober = try probing.prober(scope: parsed, maxPerBlock: 256)  // a census sweeps whole blocks
        let result: Census.Result
        do { result = try Census.run(parsed, passes: max(1, min(passes, 10)), prober: prober) } catch { throw CLIError(error.description) }
        for b in result.blocks {
            print("\(b.prefixText) responsive=\(b.hosts.count) availability=\(String(format: "%.2f", b.availability)) \(b.isEligible ? "tracked" : "not tracked")")
        }
        try FileManager.default.createDirectory(atPath: store.folder, withIntermediateDirectories: true)
        try ProbeStateFile.save(result.eligible, to: "\(store.folder)/probe-blocks.json")
        let c = prober.counters
        StandardError.print("\(result.probed) probes, \(c.answered) answered, \(c.refused) refused (out of scope or opted out); \(result.eligible.count) of \(result.blocks.count) responsive blocks tracked")
    }
}

/// `tocsin probe run`
struct ProbeRun: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Probe the tracked blocks in rounds; store the probing series and print each block that goes down or comes back.",
        discussion: "Beliefs are saved after every round, so a restart resumes. The series counts blocks up per country, AS and access group."
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

    func run() async throws {
        let path = "\(store.folder)/probe-blocks.json"
        let blocks = try ProbeStateFile.load(path)
        guard !blocks.isEmpty else { throw CLIError("no tracked blocks in \(path): run `tocsin probe census PREFIX...` first") }
        let scope = blocks.map { IPv4Prefix(masking: $0.block << 8, length: 24) }
        let prober = try probing.prober(scope: scope)
        let geo = (try? reference.load()) ?? GeoDatabase()
        let locate = BlockLocation.locator(geo)
        var runner = ProbeRunner(blocks: blocks, prober: prober, locate: locate, interval: interval, slots: slots)
        let db = try store.openStore()
        var done = 0
        while rounds == 0 || done < rounds {
            let started = Date()
            let outcome = try await runner.round { points in _ = try await db.upsert(points: points) }
            try ProbeStateFile.save(runner.blocks, to: path)
            for change in outcome.changes {
                let owner = runner.blocks.first { $0.prefixText == change.block }.flatMap { locate($0.block).asn }.map { " of AS\($0)" } ?? ""
                print("block \(change.block)\(owner) \(change.up ? "up" : "down") at \(UTCTime.format(change.time))")
            }
            StandardError.print("round at \(UTCTime.format(Int64(started.timeIntervalSince1970))): \(runner.blocks.filter(\.up).count) of \(runner.blocks.count) blocks up, \(outcome.probes) probes, \(outcome.undecided) undecided")
            done += 1
            if rounds != 0, done >= rounds { break }
            let rest = interval - Date().timeIntervalSince(started)
            if rest > 0 { try await Task.sleep(for: .milliseconds(Int(rest * 1000))) }
        }
    }
}

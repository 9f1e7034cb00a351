import Foundation
import Metrics
import TocsinCore
import TocsinGeo
import TocsinProbe
import TocsinStore

/// Trinocular rounds over one address family's tracked blocks, as `tocsin probe run` and
/// `tocsin serve` both run them: the `probing`/`probing6` points and every block change go
/// into the store (the changes are an event's evidence), the changes and a summary of each
/// round are reported, and the prober's counters and the blocks up and down are metrics.
struct ProbeRounds<Family: ProbeFamily>: Sendable {
    let store: any SignalStore & ProbeLog
    let geo: GeoDatabase
    let configuration: Prober<Family>.Configuration
    let optOut: [IPPrefix<Family>]
    let interval: Double
    var slots = 0
    /// Receives one line per block change, then one summary line per round.
    let report: @Sendable (_ line: String, _ isChange: Bool) -> Void

    /// The family's tracked blocks in the store (as the last round left them).
    static func load(from store: any ProbeLog, report: (String) -> Void) async throws -> [TrackedBlock<Family>] {
        let rows = try await store.probeBlocks(family: Family.version)
        let blocks = rows.compactMap {
            TrackedBlock<Family>(prefix: $0.prefix, packedHosts: $0.hosts, availability: $0.availability, up: $0.up, changedAt: $0.changedAt)
        }
        if blocks.count < rows.count { report("\(rows.count - blocks.count) stored \(Family.name) blocks could not be read and are left out") }
        return blocks
    }

    /// Runs `rounds` rounds (0: until cancelled), one every `interval` seconds.
    func run(_ blocks: [TrackedBlock<Family>], socket: ICMPSocket<Family>, rounds: Int = 0) async throws {
        let scope = ProbeScope<Family>(prefixes: blocks.map(\.prefix), optOut: optOut)
        let prober = Prober(scope: scope, configuration: configuration, socket: socket)
        var runner = ProbeRunner(blocks: blocks, prober: prober, locate: NetworkLocation.locator(geo, Family.self), interval: interval, slots: slots)
        let metrics = ProbeMetrics(family: Family.tag)
        metrics.rateLimit.record(configuration.rate)
        var done = 0
        var reported = Prober<Family>.Counters()
        // Changes the store could not take yet (busy, full disk): tried again next round, so
        // neither the evidence nor the state a restart resumes from is lost.
        var unrecorded: [ProbeBlockChange] = []
        while !Task.isCancelled, rounds == 0 || done < rounds {
            let started = Date()
            let store = self.store, report = self.report
            let outcome = await runner.round { points in
                do { _ = try await store.upsert(points: points) } catch { report("\(Family.name) probing: storing \(points.count) points failed: \(error)", false) }
            }
            let changes = outcome.changes
            for change in changes { report(change.sentence, true) }
            unrecorded += changes
            do {
                try await store.recordProbeChanges(unrecorded)
                unrecorded = []
            } catch {
                report("\(Family.name) probing: recording \(unrecorded.count) block changes failed (kept for the next round): \(error)", false)
            }
            let up = runner.blocks.count { $0.up }
            let c = prober.counters
            metrics.record(c, since: reported, up: up, down: runner.blocks.count - up, seconds: Date().timeIntervalSince(started))
            reported = c
            report("\(Family.name) round at \(UTCTime.format(Int64(started.timeIntervalSince1970))): \(up) of \(runner.blocks.count) blocks up, "
                   + "\(outcome.probes) probes, \(outcome.undecided) undecided; sent \(c.sent), answered \(c.answered), ignored \(c.ignored), refused \(c.refused)", false)
            done += 1
            if rounds != 0, done >= rounds { break }
            let rest = interval - Date().timeIntervalSince(started)
            if rest > 0 { try? await Task.sleep(for: .milliseconds(Int(rest * 1000))) }
        }
    }
}

/// The prober's counters and the blocks' state as swift-metrics instruments (served at
/// `/metrics` by `tocsin serve`; no-ops where no metrics backend is set up).
struct ProbeMetrics {
    let sent, answered, ignored, unexpected, duplicates, refused, capped, sendErrors: Counter
    let blocksUp, blocksDown, rate, rateLimit: Gauge

    init(family: String) {
        let d = [("family", family)]
        sent = Counter(label: "tocsin_probe_sent_total", dimensions: d)
        answered = Counter(label: "tocsin_probe_answered_total", dimensions: d)
        ignored = Counter(label: "tocsin_probe_ignored_total", dimensions: d)
        unexpected = Counter(label: "tocsin_probe_unexpected_total", dimensions: d)
        duplicates = Counter(label: "tocsin_probe_duplicates_total", dimensions: d)
        refused = Counter(label: "tocsin_probe_refused_total", dimensions: d)
        capped = Counter(label: "tocsin_probe_capped_total", dimensions: d)
        sendErrors = Counter(label: "tocsin_probe_send_errors_total", dimensions: d)
        blocksUp = Gauge(label: "tocsin_probe_blocks", dimensions: d + [("state", "up")])
        blocksDown = Gauge(label: "tocsin_probe_blocks", dimensions: d + [("state", "down")])
        rate = Gauge(label: "tocsin_probe_rate", dimensions: d)
        rateLimit = Gauge(label: "tocsin_probe_rate_limit", dimensions: d)
    }

    /// Adds what happened since `before`; `seconds` is how long the round's probing took.
    func record<Family>(_ now: Prober<Family>.Counters, since before: Prober<Family>.Counters, up: Int, down: Int, seconds: Double) {
        sent.increment(by: Int64(now.sent - before.sent))
        answered.increment(by: Int64(now.answered - before.answered))
        ignored.increment(by: Int64(now.ignored - before.ignored))
        unexpected.increment(by: Int64(now.unexpected - before.unexpected))
        duplicates.increment(by: Int64(now.duplicates - before.duplicates))
        refused.increment(by: Int64(now.refused - before.refused))
        capped.increment(by: Int64(now.capped - before.capped))
        sendErrors.increment(by: Int64(now.sendErrors - before.sendErrors))
        blocksUp.record(up)
        blocksDown.record(down)
        if seconds > 0 { rate.record(Double(now.sent - before.sent) / seconds) }
    }
}

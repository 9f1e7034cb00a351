import Foundation
import Logging
import ServiceLifecycle
import TocsinCore
import TocsinGeo
import TocsinProbe
import TocsinServer
import TocsinStore

/// Active probing inside `tocsin serve`: rounds over the tracked blocks every `interval`,
/// the `probing` series into the store, block changes and counters in the log.
struct ProbeSource: Service {
    let config: ProbeSourceConfig
    let geo: GeoDatabase
    let store: any SignalStore
    let folder: String
    let logger: Logger

    func run() async throws {
        let path = "\(folder)/probe-blocks.json"
        let blocks = try ProbeStateFile.load(path)
        guard !blocks.isEmpty else {
            logger.error("probing is on but \(path) has no blocks: run `tocsin probe census PREFIX...` first")
            return
        }
        let optOut = config.optOut.compactMap { try? IPv4Prefix($0) }
        let socket: ICMPSocket
        do { socket = try ICMPSocket() } catch {
            logger.error("probing cannot start: \(error)")
            return
        }
        let prober = Prober(scope: ProbeScope(prefixes: blocks.map { IPv4Prefix(masking: $0.block << 8, length: 24) }, optOut: optOut),
                            configuration: Prober.Configuration(rate: config.rate, burst: max(1, config.rate / 20), timeout: config.timeout), socket: socket)
        logger.info("probing \(blocks.count) blocks every \(Int(config.interval)) s at up to \(Int(config.rate)) probes/s")
        await cancelWhenGracefulShutdown { await rounds(blocks, prober: prober, path: path) }
    }

    private func rounds(_ start: [TrackedBlock], prober: Prober, path: String) async {
        var blocks = start
        let locate = BlockLocation.locator(geo)
        var signal = ProbingSignal(locate: locate)
        do {
            while !Task.isCancelled {
                let started = Date()
                let time = Int64(started.timeIntervalSince1970)
                let before = blocks
                // The round blocks on its socket: run it off the cooperative threads.
                let outcome = await withCheckedContinuation { (continuation: CheckedContinuation<(ProbeRound.Outcome, [TrackedBlock]), Never>) in
                    DispatchQueue.global().async {
                        var round = before
                        let outcome = ProbeRound.run(&round, prober: prober, time: time)
                        continuation.resume(returning: (outcome, round))
                    }
                }
                blocks = outcome.1
                do {
                    try ProbeStateFile.save(blocks, to: path)
                    _ = try await store.upsert(points: signal.points(blocks, time: time))
                } catch {
                    logger.error("probing: storing the round failed: \(error)")
                }
                for change in outcome.0.changes {
                    let owner = blocks.first { $0.prefixText == change.block }.flatMap { locate($0.block).asn }.map { " of AS\($0)" } ?? ""
                    logger.notice("block \(change.block)\(owner) \(change.up ? "up" : "down") at \(UTCTime.format(change.time))")
                }
                let c = prober.counters
                logger.info("probing round: \(blocks.filter(\.up).count) of \(blocks.count) blocks up; sent \(c.sent), answered \(c.answered), ignored \(c.ignored), refused \(c.refused)")
                let rest = config.interval - Date().timeIntervalSince(started)
                if rest > 0 { try? await Task.sleep(for: .milliseconds(Int(rest * 1000))) }
            }
        }
    }
}

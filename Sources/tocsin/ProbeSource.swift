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
        let locate = BlockLocation.locator(geo)
        var runner = ProbeRunner(blocks: start, prober: prober, locate: locate, interval: config.interval)
        while !Task.isCancelled {
            let started = Date()
            let outcome = await runner.round { points in
                do { _ = try await store.upsert(points: points) } catch { logger.error("probing: storing points failed: \(error)") }
            }
            do { try ProbeStateFile.save(runner.blocks, to: path) } catch { logger.error("probing: saving \(path) failed: \(error)") }
            for change in outcome.changes {
                let owner = runner.blocks.first { $0.prefixText == change.block }.flatMap { locate($0.block).asn }.map { " of AS\($0)" } ?? ""
                logger.notice("block \(change.block)\(owner) \(change.up ? "up" : "down") at \(UTCTime.format(change.time))")
            }
            let c = prober.counters
            logger.info("probing round: \(runner.blocks.filter(\.up).count) of \(runner.blocks.count) blocks up; sent \(c.sent), answered \(c.answered), ignored \(c.ignored), refused \(c.refused)")
            let rest = config.interval - Date().timeIntervalSince(started)
            if rest > 0 { try? await Task.sleep(for: .milliseconds(Int(rest * 1000))) }
        }
    }
}

import Foundation
import Logging
import ServiceLifecycle
import TocsinCore
import TocsinGeo
import TocsinProbe
import TocsinServer
import TocsinStore

/// Active probing inside `tocsin serve`: rounds over the tracked IPv4 and IPv6 blocks every
/// `interval`, the `probing` series and block changes into the store, changes and round
/// summaries in the log, counters in `/metrics`. When it cannot probe (no blocks, no raw
/// socket) it says so and waits for the server to stop: a source that returns would take
/// the whole observatory down with it.
struct ProbeSource: Service {
    let config: ProbeSourceConfig
    let geo: GeoDatabase
    let store: any SignalStore & ProbeLog
    let folder: String
    let logger: Logger

    static func validate(_ config: ProbeSourceConfig) throws {
        guard config.rate > 0, config.rate <= 1_000_000, config.timeout > 0, config.timeout <= 60,
              config.interval.isFinite, (1...86_400).contains(config.interval) else {
            throw CLIError("sources.probe: rate 0–1000000, timeout 0–60 s, interval 1–86400 s")
        }
        _ = try PrefixList(config.optOut, option: "sources.probe.opt_out")
    }

    func run() async throws {
        let logger = self.logger
        do {
            let imported = try await LegacyProbeState.importIfPresent(folder: folder, into: store)
            if imported > 0 { logger.notice("probing: imported \(imported) blocks from \(folder)/probe-blocks.json into the store") }
        } catch {
            logger.error("probing: \(folder)/probe-blocks.json could not be imported: \(error)")
        }
        let v4 = try await ProbeRounds<IPv4>.load(from: store) { logger.warning("probing: \($0)") }
        let v6 = try await ProbeRounds<IPv6>.load(from: store) { logger.warning("probing: \($0)") }
        if v4.isEmpty && v6.isEmpty {
            logger.error("probing is on but the store has no tracked blocks: run `tocsin probe census PREFIX...` first")
        } else {
            let optOut = (try? PrefixList(config.optOut)) ?? PrefixList()
            logger.info("probing \(v4.count) IPv4 and \(v6.count) IPv6 blocks every \(Int(config.interval)) s at up to \(Int(config.rate)) probes/s")
            await cancelWhenGracefulShutdown {
                await withTaskGroup(of: Void.self) { group in
                    if !v4.isEmpty { group.addTask { await rounds(v4, optOut: optOut.v4) } }
                    if !v6.isEmpty { group.addTask { await rounds(v6, optOut: optOut.v6) } }
                }
            }
        }
        try? await gracefulShutdown()
    }

    private func rounds<Family: ProbeFamily>(_ blocks: [TrackedBlock<Family>], optOut: [IPPrefix<Family>]) async {
        let socket: ICMPSocket<Family>
        do { socket = try ICMPSocket<Family>() } catch {
            logger.error("\(Family.name) probing cannot start: \(error)")
            return
        }
        let logger = self.logger
        let rounds = ProbeRounds<Family>(store: store, geo: geo,
                                         configuration: .init(rate: config.rate, burst: max(1, config.rate / 20), timeout: config.timeout),
                                         optOut: optOut, interval: config.interval) { line, isChange in
            if isChange { logger.notice("\(line)") } else { logger.info("probing: \(line)") }
        }
        do { try await rounds.run(blocks, socket: socket) } catch where !(error is CancellationError) {
            logger.error("\(Family.name) probing stopped: \(error)")
        } catch {}
    }
}

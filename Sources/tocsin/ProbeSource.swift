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
/// summaries in the log, counters in `/metrics`.
struct ProbeSource: Service {
    let config: ProbeSourceConfig
    let geo: GeoDatabase
    let store: any SignalStore & ProbeLog
    let logger: Logger

    func run() async throws {
        let v4 = try await ProbeRounds<IPv4>.load(from: store), v6 = try await ProbeRounds<IPv6>.load(from: store)
        guard !v4.isEmpty || !v6.isEmpty else {
            logger.error("probing is on but the store has no tracked blocks: run `tocsin probe census PREFIX...` first")
            return
        }
        let optOut = (try? ProbePrefixes(config.optOut, option: "opt_out")) ?? ProbePrefixes()
        logger.info("probing \(v4.count) IPv4 and \(v6.count) IPv6 blocks every \(Int(config.interval)) s at up to \(Int(config.rate)) probes/s")
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                if !v4.isEmpty { group.addTask { await rounds(v4, optOut: optOut.v4) } }
                if !v6.isEmpty { group.addTask { await rounds(v6, optOut: optOut.v6) } }
            }
        }
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

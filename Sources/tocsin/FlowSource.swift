import Foundation
import Logging
import ServiceLifecycle
import TocsinCore
import TocsinFlow
import TocsinGeo
import TocsinServer
import TocsinStore

/// Flow exports inside `tocsin serve`: UDP listeners, the traffic signals written every
/// 10 s for the bins that are complete, counters in `/metrics` and the log.
struct FlowSource: Service {
    let config: FlowSourceConfig
    let geo: GeoDatabase
    let store: any SignalStore
    let logger: Logger
    /// Receives the bound ports (NetFlow, IPFIX, sFlow order, configured ones only).
    var onListening: @Sendable ([Int]) -> Void = { _ in }

    static func validate(_ config: FlowSourceConfig) throws {
        for port in [config.netflowPort, config.ipfixPort, config.sflowPort] where !(0...65535).contains(port) {
            throw CLIError("sources.flows: port \(port) is not 0–65535")
        }
        guard (0...3600).contains(config.grace) else { throw CLIError("sources.flows.grace: 0–3600 s") }
        do { _ = try TrafficAggregator(locator: TrafficLocator(GeoDatabase()), localPrefixes: config.localPrefixes) } catch {
            throw CLIError("sources.flows.local_prefixes: \(error)")
        }
    }

    func run() async throws {
        let aggregator = try TrafficAggregator(locator: TrafficLocator(geo), localPrefixes: config.localPrefixes, grace: Int64(config.grace))
        let collector = FlowCollector(aggregator: aggregator)
        let listeners = [("netflow", config.netflowPort), ("ipfix", config.ipfixPort), ("sflow", config.sflowPort)]
            .filter { $0.1 != 0 }.map { FlowCollector.Listener(name: $0.0, host: config.host, port: $0.1) }
        let ports = try await collector.start(listeners)
        logger.info("flow listeners on \(zip(listeners, ports).map { "\($0.name) \(config.host):\($1)" }.joined(separator: ", "))")
        onListening(ports)
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(10))
                await write(collector.drain(now: Int64(Date().timeIntervalSince1970)))
            }
        }
        await collector.stop()
        // Bins that ended are written; the one in progress would read as a drop.
        await write(collector.drain(now: Int64(Date().timeIntervalSince1970)))
        logger.info("flow listeners stopped: \(collector.aggregatorCounters)")
    }

    private func write(_ points: [SignalPoint]) async {
        guard !points.isEmpty else { return }
        do { _ = try await store.upsert(points: points) } catch { logger.error("flows: storing \(points.count) points failed: \(error)") }
    }
}

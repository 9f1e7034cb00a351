import Foundation
import Logging
import Metrics
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
        do { _ = try PrefixList(config.localPrefixes) } catch { throw CLIError("sources.flows.local_prefixes: \(error)") }
    }

    func run() async throws {
        let aggregator = try TrafficAggregator(locator: TrafficLocator(geo), localPrefixes: config.localPrefixes, grace: Int64(config.grace))
        let collector = FlowCollector(aggregator: aggregator)
        let listeners = [("netflow", config.netflowPort), ("ipfix", config.ipfixPort), ("sflow", config.sflowPort)]
            .filter { $0.1 != 0 }.map { FlowCollector.Listener(name: $0.0, host: config.host, port: $0.1) }
        let ports = try await collector.start(listeners)
        logger.info("flow listeners on \(zip(listeners, ports).map { "\($0.name) \(config.host):\($1)" }.joined(separator: ", "))")
        onListening(ports)
        let metrics = FlowAggregationMetrics()
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(10))
                await write(collector.drain(now: Int64(Date().timeIntervalSince1970)))
                metrics.record(collector.aggregatorCounters)
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

/// What the aggregator counted and left out, as metrics: `tocsin_flow_counted_total` and
/// `tocsin_flow_dropped_total{reason}` (internal flows, unlocated users, late records,
/// records without addresses).
final class FlowAggregationMetrics: @unchecked Sendable {
    private let counted = Counter(label: "tocsin_flow_counted_total")
    private let dropped: [(KeyPath<TrafficAggregator.Counters, Int>, Counter)] = [
        (\.internalFlows, Counter(label: "tocsin_flow_dropped_total", dimensions: [("reason", "internal")])),
        (\.unlocated, Counter(label: "tocsin_flow_dropped_total", dimensions: [("reason", "unlocated")])),
        (\.late, Counter(label: "tocsin_flow_dropped_total", dimensions: [("reason", "late")])),
        (\.noAddress, Counter(label: "tocsin_flow_dropped_total", dimensions: [("reason", "no_address")])),
    ]
    private var last = TrafficAggregator.Counters()

    /// Adds what changed since the last call (one caller: the write loop).
    func record(_ now: TrafficAggregator.Counters) {
        counted.increment(by: Int64(now.counted - last.counted))
        for (field, counter) in dropped { counter.increment(by: Int64(now[keyPath: field] - last[keyPath: field])) }
        last = now
    }
}

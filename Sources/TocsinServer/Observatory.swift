import Foundation
import Hummingbird
import Logging
import Metrics
import NIOCore
import Prometheus
import ServiceLifecycle
import TocsinCore
import TocsinDetect
import TocsinStore

/// The whole observatory in one process: the store, the sources the configuration enables,
/// the detector on a timer, and the HTTP server.
public struct Observatory: Sendable {
    public let config: ObservatoryConfig
    public let store: any ObservatoryStore
    /// The counters and gauges served at `/metrics` (Prometheus text format), when given.
    public let metrics: PrometheusCollectorRegistry?
    let logger: Logger

    public init(config: ObservatoryConfig, store: any ObservatoryStore, metrics: PrometheusCollectorRegistry? = nil, logger: Logger = Logger(label: "tocsin")) {
        self.config = config
        self.store = store
        self.metrics = metrics
        self.logger = logger
    }

    /// The signing key the configuration names, created on first use.
    public func signingKey() throws -> ObservatoryKey {
        let path = config.resolve(config.signingKey)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        return try ObservatoryKey.loadOrCreate(at: path)
    }

    /// Serves until SIGINT/SIGTERM. `onListening` receives the bound port (useful with port 0).
    /// `sources` are run beside the server and shut down with it (the BGP sources, built by
    /// the command line from the reference data).
    public func run(sources: [any Service] = [], onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let router = Router()
        router.add(middleware: SecurityHeaders())
        APIRoutes(store: store, authorization: WriteAuthorization(tokens: config.tokens)).register(on: router)
        IODACompatibleRoutes(store: store).register(on: router)
        let store = self.store
        if let metrics {
            router.get("/metrics") { _, _ in
                JSONResponse.text(metrics.emitToString(), contentType: "text/plain; version=0.0.4; charset=utf-8")
            }
        }
        DashboardRoutes(store: store).register(on: router)
        EvidenceRoutes(store: store, config: config, key: try signingKey()).register(on: router)
        var services: [any Service] = sources
        if config.sources.inbox.enabled {
            let inbox = InboxWatcher(folder: config.resolve(config.sources.inbox.path), store: store, logger: logger)
            services.append(PeriodicTask(name: "inbox", interval: config.sources.inbox.interval, logger: logger) {
                try await inbox.scanOnce()
            })
        }
        // One core stays free for requests while the detector starts from the whole store;
        // after that each tick feeds it only what was written since the last.
        // Of several instances on one database, only the lease holder detects and alerts.
        let live = LiveDetection(store: store, detector: TocsinDetector(workers: max(1, ProcessInfo.processInfo.activeProcessorCount - 1)))
        let holding = Gauge(label: "tocsin_detector_lease")
        services.append(PeriodicTask(name: "detector", interval: config.detect.interval, logger: logger) {
            guard await store.holdsDetectorLease() else {
                holding.record(0)
                await live.standBy()
                return
            }
            holding.record(1)
            _ = try await live.tick()
        })
        if let retention = config.store.retention {
            // Of several instances, the lease holder prunes (the delete is the same from any).
            let pruned = Counter(label: "tocsin_store_pruned_day_blocks_total")
            let logger = self.logger
            services.append(PeriodicTask(name: "retention", interval: 3_600, logger: logger) {
                guard await store.holdsDetectorLease() else { return }
                let now = Int64(Date().timeIntervalSince1970)
                let blocks = try await retention.prune(store, now: now)
                pruned.increment(by: blocks)
                if blocks > 0 {
                    logger.info("retention: dropped \(blocks) day blocks of points before \(UTCTime.format(retention.cutoff(now: now)))")
                }
            })
        }
        if !config.webhooks.isEmpty {
            let dispatcher = WebhookDispatcher(hooks: config.webhooks, store: store, logger: logger)
            services.append(PeriodicTask(name: "webhooks", interval: min(config.detect.interval, 5), logger: logger) {
                guard await store.holdsDetectorLease() else { return }
                try await dispatcher.run()
            })
        }
        let logger = self.logger
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(config.listen.host, port: config.listen.port), serverName: "tocsin"),
            services: services,
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.info("tocsin serving on http://\(channel.localAddress?.ipAddress ?? "?"):\(port)")
                await onListening(port)
            },
            logger: logger
        )
        let group = ServiceGroup(configuration: .init(services: [.init(service: app)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        // Run apart from the caller's task so that cancelling the caller shuts down gracefully
        // (connections drained, periodic work finished) rather than tearing channels down.
        let running = Task { try await group.run() }
        try await withTaskCancellationHandler {
            try await running.value
        } onCancel: {
            Task { await group.triggerGracefulShutdown() }
        }
    }
}

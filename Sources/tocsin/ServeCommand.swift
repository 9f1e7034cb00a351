import ArgumentParser
import Foundation
import Logging
import Metrics
import Prometheus
import ServiceLifecycle
import TocsinGeo
import TocsinServer
import TocsinStore

/// `tocsin serve`: the whole observatory in one process.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the observatory: store, sources, detector and HTTP server.",
        discussion: """
            Settings come from the config file (--config or TOCSIN_CONFIG), then the environment \
            (TOCSIN_DATA, TOCSIN_STORE, TOCSIN_HOST, TOCSIN_PORT, TOCSIN_TOKEN), then these flags. With no \
            config at all it serves on http://127.0.0.1:8080 with its data in ./tocsin-data.
            """
    )

    @Option(help: "A JSON config file (see tocsin.example.json).")
    var config: String?
    @Option(help: "The data folder.")
    var data: String?
    @Option(help: ArgumentHelp("A PostgreSQL database instead of the data folder's SQLite one.",
                               valueName: "postgresql://user[:password]@host[:port]/database"))
    var store: String?
    @Option(help: "Address to listen on.")
    var host: String?
    @Option(help: "Port to listen on (0 picks a free one).")
    var port: Int?
    @Option(name: .customLong("token"), help: "A bearer token for writing endpoints (repeatable).")
    var tokens: [String] = []
    @Option(help: "An Entities CSV to import at start.")
    var entities: String?

    func run() async throws {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        let metrics = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metrics))
        var settings = ObservatoryConfig()
        do {
            if let path = config ?? Environment.value("TOCSIN_CONFIG") { settings = try ObservatoryConfig.load(path: path) }
            try settings.applyEnvironment(Environment.all)
        } catch {
            throw CLIError("\(error)")
        }
        if let data { settings.data = data }
        if let host { settings.listen.host = host }
        if let port {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be 0-65535") }
            settings.listen.port = port
        }
        if !tokens.isEmpty { settings.tokens = tokens }
        if let entities { settings.reference.entities = entities }

        if let store { settings.store.url = store }
        let store = try await StoreLocation.open(url: settings.store.url, folder: settings.data)
        do {
            try await serve(settings, store: store, metrics: metrics)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    private func serve(_ settings: ObservatoryConfig, store: any ObservatoryStore, metrics: PrometheusCollectorRegistry) async throws {
        if let path = settings.reference.entities {
            try await store.upsert(entities: EntitiesFile.read(settings.resolve(path), skipBad: false))
        }
        var sources: [any Service] = []
        if settings.sources.bgp != nil || settings.sources.probe != nil || settings.sources.flows != nil {
            let loaded: ReferenceFiles.Loaded
            do { loaded = try settings.referenceFiles.load() } catch { throw CLIError("reference data: \(error)") }
            if let bgp = settings.sources.bgp {
                try BGPSources.validate(bgp)
                sources.append(BGPSources(config: bgp, geo: loaded.database, store: store,
                                          cacheFolder: settings.resolve("archives"), logger: Logger(label: "tocsin.bgp")))
            }
            if let probe = settings.sources.probe {
                try ProbeSource.validate(probe)
                sources.append(ProbeSource(config: probe, geo: loaded.database, store: store, folder: settings.data, logger: Logger(label: "tocsin.probe")))
            }
            if let flows = settings.sources.flows {
                try FlowSource.validate(flows)
                sources.append(FlowSource(config: flows, geo: loaded.database, store: store, logger: Logger(label: "tocsin.flows")))
            }
        }
        try await Observatory(config: settings, store: store, metrics: metrics).run(sources: sources)
    }
}

import ArgumentParser
import TocsinCore
import TocsinStore

/// `tocsin export`: write data out in the interchange formats.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export data from the store.",
        subcommands: [ExportSignals.self]
    )
}

/// `tocsin export signals`
struct ExportSignals: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signals",
        abstract: "Write stored points as Signals CSV on standard output."
    )

    @OptionGroup var store: StoreOptions
    @Option(help: "Only this entity, e.g. country/KZ.", transform: ArgumentParsers.entity)
    var entity: EntityID?
    @Option(help: "Only this signal, e.g. bgp.", transform: ArgumentParsers.signal)
    var signal: SignalName?
    @Option(help: "From this time (inclusive): Unix seconds or RFC 3339.", transform: ArgumentParsers.time)
    var from: Int64?
    @Option(help: "Until this time (exclusive).", transform: ArgumentParsers.time)
    var until: Int64?

    func run() async throws {
        let store = try store.openStore()
        var out = OutputBuffer()
        out.line(SignalsCSV.header)
        for key in try await store.seriesKeys(entity: entity) where signal == nil || key.signal == signal {
            let series = try await store.series(key, from: from ?? .min, until: until ?? .max)
            for point in series.points { out.line(SignalsCSV.line(point)) }
        }
        out.flush()
    }
}

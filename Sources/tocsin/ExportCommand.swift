import ArgumentParser
import Foundation
import TocsinCore
import TocsinServer
import TocsinStore

/// `tocsin export`: write data out in the interchange formats.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export data from the store.",
        subcommands: [ExportSignals.self, ExportEvents.self]
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
        let store = try await store.openStore()
        var out = OutputBuffer()
        out.line(SignalsCSV.header)
        for key in try await store.seriesKeys(entity: entity) where signal == nil || key.signal == signal {
            let series = try await store.series(key, from: from ?? .min, until: until ?? .max)
            for point in series.points { out.line(SignalsCSV.line(point)) }
        }
        out.flush()
    }
}

/// `tocsin export events`
struct ExportEvents: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Write stored events as JSON lines, CSV, or Access Now #KeepItOn STOP rows."
    )

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable { case jsonl, csv, keepiton }

    @OptionGroup var store: StoreOptions
    @Option(help: "jsonl, csv or keepiton.")
    var format: Format = .jsonl
    @OptionGroup var filter: EventFilterOptions

    func run() async throws {
        let store = try await store.openStore()
        let events = try await store.events(filter.query).reversed()
        let names = Entity.displayNames(try await store.entities())
        let text: String = switch format {
        case .jsonl: EventsJSONLines.format(Array(events))
        case .csv: EventExports.csv(Array(events), names: names)
        case .keepiton: EventExports.keepItOn(Array(events), names: names)
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}

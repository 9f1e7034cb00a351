import ArgumentParser
import Foundation
import TocsinCore
import TocsinPublic
import TocsinStore

/// What `tocsin import ooni|radar|ioda` share: the files, the store, and the report per file.
/// Each file goes in one transaction; a bad file is refused whole, naming where it is bad.
struct PublicImportOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions
    @Argument(help: "Saved JSON answers of the platform's API.")
    var files: [String]

    func run(_ read: (Data, String) throws -> PublicImport) async throws {
        let store = try await store.openStore()
        var refused = 0
        for file in files {
            do {
                guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("\(file): cannot be read") }
                let answer = try read(data, file)
                let summary = try await store.upsert(points: answer.points)
                let series = Set(answer.points.map { "\($0.entity.rawValue) \($0.signal.rawValue)" }).count
                StandardError.print("\(file): \(answer.points.count) points in \(series) series, \(summary.written) written, \(summary.unchanged) unchanged"
                    + (answer.step.map { "; step \($0) s, kept at its step" } ?? "") + (answer.gaps > 0 ? "; \(answer.gaps) without data" : ""))
            } catch {
                StandardError.print("error: \(error)")
                refused += 1
            }
        }
        if refused > 0 { throw ExitCode.failure }
    }
}

/// `tocsin import ooni FILE...`
struct ImportOONI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ooni",
        abstract: "Import OONI aggregation answers as ooni.measurements, ooni.anomalies, ooni.confirmed, ooni.failures, ooni.ok.",
        discussion: "Aggregate with axis_x=measurement_start_day and axis_y=probe_cc (or probe_asn), or give --entity. A daily count is one point a day."
    )
    @OptionGroup var options: PublicImportOptions
    @Option(help: "The country or network the query was for, when the rows name none.", transform: ArgumentParsers.entity)
    var entity: EntityID?

    func run() async throws { try await options.run { try OONIAggregation.read($0, file: $1, entity: entity) } }
}

/// `tocsin import radar FILE... --entity E --signal NAME`
struct ImportRadar: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "radar",
        abstract: "Import Cloudflare Radar time-series answers as radar.NAME of an entity.",
        discussion: "The answer does not say which location or network it is of (that was in the query): give --entity and --signal."
    )
    @OptionGroup var options: PublicImportOptions
    @Option(help: "The location or network the query was for, e.g. country/KZ or asn/9198.", transform: ArgumentParsers.entity)
    var entity: EntityID
    @Option(help: "The signal's name after 'radar.', e.g. traffic, http or bgp-updates.")
    var signal: String
    @Option(help: "Which series of a comparison answer.")
    var serie = "serie_0"

    func run() async throws { try await options.run { try RadarTimeseries.read($0, file: $1, entity: entity, signal: signal, serie: serie) } }
}

/// `tocsin import ioda FILE...`
struct ImportIODA: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ioda",
        abstract: "Import IODA v2 /signals/raw answers: every datasource as ioda.DATASOURCE of its country or AS."
    )
    @OptionGroup var options: PublicImportOptions

    func run() async throws { try await options.run { try IODASignals.read($0, file: $1) } }
}

/// `tocsin import atlas FILE... [--probes FILE]`
struct ImportAtlas: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "atlas",
        abstract: "Import RIPE Atlas connection events (measurement 7000) as atlas.connects and atlas.disconnects per AS and bin.",
        discussion: "With --probes (a probes answer: one probe or a page of them), per country too."
    )
    @OptionGroup var options: PublicImportOptions
    @Option(help: ArgumentHelp("A RIPE Atlas probes answer mapping probes to countries.", valueName: "file"))
    var probes: String?

    func run() async throws {
        var countries: [Int: String] = [:]
        if let probes {
            guard let data = FileManager.default.contents(atPath: probes) else { throw CLIError("\(probes): cannot be read") }
            do { countries = try ProbeCountries.read(data, file: probes) } catch { throw CLIError("\(error)") }
        }
        try await options.run { try AtlasConnectionEvents.read($0, file: $1, probes: countries) }
    }
}

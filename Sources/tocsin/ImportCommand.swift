import ArgumentParser
import Foundation
import TocsinCore
import TocsinStore

/// `tocsin import`: load interchange files into the store.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import Signals CSV, Entities CSV or saved public-platform answers into the store.",
        subcommands: [ImportSignals.self, ImportEntities.self, ImportOONI.self, ImportRadar.self, ImportIODA.self, ImportAtlas.self]
    )
}

/// `tocsin import signals FILE...`
struct ImportSignals: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signals",
        abstract: "Import Signals CSV files (time,entity,signal,value), each file in one transaction.",
        discussion: "A file with a bad line is refused whole unless --skip-bad is given. Re-importing the same points changes nothing."
    )

    @OptionGroup var store: StoreOptions
    @Flag(help: "Import the good lines of a file and count the bad ones instead of refusing the file.")
    var skipBad = false
    @Argument(help: "Signals CSV files.")
    var files: [String]

    func run() async throws {
        let store = try await store.openStore()
        var refused = 0
        for file in files {
            do {
                let report = try await SignalsImporter(skipBad: skipBad).importFile(file, into: store)
                StandardError.print("\(file): \(report.rows) rows, \(report.summary.written) written, \(report.summary.unchanged) unchanged")
                if let line = report.firstRoundedLine {
                    StandardError.print("note: \(file):\(line): \(report.rounded) times not on a 5-minute bin were rounded down to their bin")
                }
                if report.badLines > 0 {
                    for error in report.errors { StandardError.print("skipped: \(error)") }
                    StandardError.print("\(file): \(report.badLines) bad lines skipped")
                }
            } catch {
                StandardError.print("error: \(error)")
                refused += 1
            }
        }
        if refused > 0 { throw ExitCode.failure }
    }
}

/// `tocsin import entities FILE`
struct ImportEntities: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entities",
        abstract: "Import an Entities CSV file (entity,name,country,access)."
    )

    @OptionGroup var store: StoreOptions
    @Flag(help: "Import the good lines and count the bad ones instead of refusing the file.")
    var skipBad = false
    @Argument(help: "An Entities CSV file.")
    var file: String

    func run() async throws {
        let entities = try EntitiesFile.read(file, skipBad: skipBad)
        try await store.openStore().upsert(entities: entities)
        StandardError.print("\(file): \(entities.count) entities imported")
    }
}

/// Reads an Entities CSV file, refusing it on a bad line unless told to skip.
enum EntitiesFile {
    static func read(_ path: String, skipBad: Bool) throws -> [Entity] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("cannot read \(path): \(FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")")
        }
        let parsed = EntitiesCSV.parse(String(decoding: data, as: UTF8.self), source: path)
        if !parsed.errors.isEmpty {
            for error in parsed.errors.prefix(20) { StandardError.print((skipBad ? "skipped: " : "error: ") + error.description) }
            guard skipBad else { throw CLIError("\(path): \(parsed.errors.count) bad lines; nothing imported (--skip-bad imports the good lines)") }
            StandardError.print("\(path): \(parsed.errors.count) bad lines skipped")
        }
        return parsed.entities
    }
}

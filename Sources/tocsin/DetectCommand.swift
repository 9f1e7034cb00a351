import ArgumentParser
import TocsinCore
import TocsinDetect
import TocsinServer
import TocsinStore

extension StoreDetection.Method: ExpressibleByArgument {}

/// `tocsin detect`: find outages.
struct Detect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Detect outages; print events as JSON lines.",
        discussion: """
            With --signals, reads the files directly (no store) and prints the events on standard output: \
            `tocsin detect --signals FILE [--entities FILE]` is a stable contract for outside evaluations. \
            Without --signals, runs over the store and saves the events there.
            """
    )

    @OptionGroup var store: StoreOptions
    @Option(name: .customLong("signals"), help: "Signals CSV file(s) to read instead of the store.")
    var signalFiles: [String] = []
    @Option(name: .customLong("entities"), help: "An Entities CSV file naming the entities.")
    var entitiesFile: String?
    @Flag(help: "Skip bad lines instead of refusing the input.")
    var skipBad = false
    @Option(help: "tocsin (default) or ioda (IODA's median-ratio method, the reference).")
    var method: StoreDetection.Method = .tocsin

    func run() async throws {
        var out = OutputBuffer()
        let detection = StoreDetection(method: method)
        let result: DetectionResult
        if signalFiles.isEmpty {
            let store = try await store.openStore()
            if let entitiesFile { try await store.upsert(entities: EntitiesFile.read(entitiesFile, skipBad: skipBad)) }
            result = try await detection.run(on: store)
            StandardError.print("\(result.events.count) events saved")
        } else {
            let entities = try entitiesFile.map { try EntitiesFile.read($0, skipBad: skipBad) } ?? []
            result = detection.detect(try SignalsFiles.readSeries(signalFiles, skipBad: skipBad), entities: entities)
        }
        for artifact in result.artifacts { StandardError.print("suppressed \(artifact.description)") }
        for fault in result.faults { StandardError.print("not raised: \(fault.description)") }
        for event in result.events { out.line(EventsJSONLines.line(event)) }
        out.flush()
    }
}

/// Reads Signals CSV files straight into series, without a store.
enum SignalsFiles {
    static func readSeries(_ paths: [String], skipBad: Bool) throws -> [Series] {
        var samples: [SeriesKey: [(time: Int64, value: Double?)]] = [:]
        for path in paths {
            var parser = SignalsCSVParser(source: path)
            var splitter = LineSplitter()
            var bad = 0
            func handle(_ line: UnsafeBufferPointer<UInt8>, _ number: Int) throws {
                switch parser.parse(line: line, number: number) {
                case .skip: break
                case .point(let p): samples[p.key, default: []].append((p.time, p.value))
                case .error(let e):
                    guard skipBad else { throw CLIError("\(e) (--skip-bad skips bad lines)") }
                    if bad < 20 { StandardError.print("skipped: \(e)") }
                    bad += 1
                }
            }
            do {
                try FileChunkReader(path: path).forEachChunk { try splitter.feed($0, handle) }
            } catch let error as FileReadError {
                throw CLIError(error.description)
            }
            try splitter.finish(handle)
            if let missing = parser.missingHeaderError(lastLine: splitter.lineNumber) { throw CLIError(missing.description) }
            if let line = parser.firstRoundedLine {
                StandardError.print("note: \(path):\(line): \(parser.roundedCount) times not on a 5-minute bin were rounded down to their bin")
            }
            if bad > 0 { StandardError.print("\(path): \(bad) bad lines skipped") }
        }
        return samples.map { Series(key: $0.key, samples: $0.value) }.sorted { $0.key < $1.key }
    }
}

import TocsinCore

/// Imports Signals CSV files into a store, one transaction per file.
///
/// By default a file is all-or-nothing: the first bad line aborts the transaction and
/// nothing of that file is written. With `skipBad`, good lines are imported and bad ones
/// are counted (the first few kept for the message).
public struct SignalsImporter: Sendable {
    public var skipBad: Bool
    /// How many bad lines to keep for reporting when skipping.
    public var keptErrors = 20
    public var batchSize = 8192

    public init(skipBad: Bool = false) { self.skipBad = skipBad }

    /// What importing one file did.
    public struct Report: Sendable {
        public var path: String
        public var rows = 0
        public var summary = UpsertSummary()
        public var badLines = 0
        public var errors: [InterchangeError] = []
        /// Rows whose time was rounded down to its bin, and the first such line.
        public var rounded = 0
        public var firstRoundedLine: Int?
    }

    /// A file refused as a whole.
    public struct Refused: Error, Sendable, CustomStringConvertible {
        public let error: InterchangeError
        public var description: String { "\(error) (nothing from this file was imported; --skip-bad imports the good lines)" }
    }

    public func importFile(_ path: String, into store: any SignalStore) async throws -> Report {
        let options = self
        return try await store.transaction { tx in
            var report = Report(path: path)
            var parser = SignalsCSVParser(source: path)
            var splitter = LineSplitter()
            var batch: [SignalPoint] = []
            batch.reserveCapacity(options.batchSize)
            func handle(_ line: UnsafeBufferPointer<UInt8>, _ number: Int) throws {
                switch parser.parse(line: line, number: number) {
                case .skip: break
                case .point(let point):
                    report.rows += 1
                    batch.append(point)
                    if batch.count >= options.batchSize {
                        report.summary = report.summary + (try tx.upsert(points: batch))
                        batch.removeAll(keepingCapacity: true)
                    }
                case .error(let error):
                    guard options.skipBad else { throw Refused(error: error) }
                    report.badLines += 1
                    if report.errors.count < options.keptErrors { report.errors.append(error) }
                }
            }
            try FileChunkReader(path: path).forEachChunk { chunk in try splitter.feed(chunk, handle) }
            try splitter.finish(handle)
            if let missing = parser.missingHeaderError(lastLine: splitter.lineNumber) { throw Refused(error: missing) }
            if !batch.isEmpty { report.summary = report.summary + (try tx.upsert(points: batch)) }
            report.rounded = parser.roundedCount
            report.firstRoundedLine = parser.firstRoundedLine
            return report
        }
    }
}

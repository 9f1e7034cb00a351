import Foundation
import Logging
import TocsinStore

/// Imports Signals CSV files dropped into a folder: each file all or nothing, then moved to
/// `done/`, or to `failed/` with a `.error` file saying which line was bad and why.
/// Only files ending in `.csv` are taken, so a writer can drop `x.csv.part` and rename it.
public struct InboxWatcher: Sendable {
    public let folder: String
    public let store: any SignalStore
    let logger: Logger

    public init(folder: String, store: any SignalStore, logger: Logger) {
        self.folder = folder
        self.store = store
        self.logger = logger
    }

    /// Imports what is waiting now; returns how many files were imported.
    @discardableResult
    public func scanOnce() async throws -> Int {
        let fm = FileManager.default
        for sub in ["", "done", "failed"] {
            try fm.createDirectory(atPath: (folder as NSString).appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        let names = try fm.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".csv") }.sorted()
        var imported = 0
        for name in names {
            let path = (folder as NSString).appendingPathComponent(name)
            do {
                let report = try await SignalsImporter().importFile(path, into: store)
                try move(path, to: "done", name: name)
                imported += 1
                logger.info("inbox: imported \(name): \(report.rows) rows, \(report.summary.written) written")
            } catch {
                try? move(path, to: "failed", name: name)
                let errorPath = (folder as NSString).appendingPathComponent("failed/\(name).error")
                try? "\(error)\n".write(toFile: errorPath, atomically: true, encoding: .utf8)
                logger.error("inbox: refused \(name): \(error)")
            }
        }
        return imported
    }

    private func move(_ path: String, to sub: String, name: String) throws {
        let target = (folder as NSString).appendingPathComponent("\(sub)/\(name)")
        try? FileManager.default.removeItem(atPath: target)
        try FileManager.default.moveItem(atPath: path, toPath: target)
    }
}

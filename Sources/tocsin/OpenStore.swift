import Foundation
import TocsinStore

extension StoreOptions {
    /// Opens the store in the data folder, creating the folder if needed.
    func openStore() throws -> SQLiteSignalStore {
        do {
            return try SQLiteSignalStore.open(folder: folder)
        } catch {
            throw CLIError("cannot open the store in \(folder): \(error)")
        }
    }
}

/// A failure reported to the user as one line, with a non-zero exit.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

import Foundation
import TocsinStore

extension StoreOptions {
    /// Opens the store named by `--store`, else the one in the data folder (created if needed).
    func openStore() async throws -> any ObservatoryStore {
        try await StoreLocation.open(url: url, folder: folder)
    }
}

extension StoreLocation {
    /// Opens the store at `url`, else in `folder`; a failure is one line for the user.
    static func open(url: String?, folder: String) async throws -> any ObservatoryStore {
        let location: StoreLocation
        do { location = try StoreLocation(url: url, folder: folder) } catch { throw CLIError("\(error)") }
        do {
            return try await location.open()
        } catch let error as PostgresStoreError {
            throw CLIError("\(error)")
        } catch {
            throw CLIError("cannot open the store in \(location): \(error)")
        }
    }
}

/// A failure reported to the user as one line, with a non-zero exit.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

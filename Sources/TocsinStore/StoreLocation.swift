import Logging

/// Where the observatory keeps its data: the embedded SQLite database in the data folder
/// (the default), or a PostgreSQL database that several instances can share.
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    case sqlite(folder: String)
    case postgres(PostgresURL)

    /// `url` when one is given (`postgresql://...`), else the data folder.
    public init(url: String?, folder: String) throws {
        if let url, !url.isEmpty {
            self = .postgres(try PostgresURL(url))
        } else {
            self = .sqlite(folder: folder)
        }
    }

    /// Opens (and creates or migrates) the store.
    public func open(logger: Logger = Logger(label: "tocsin.store")) async throws -> any ObservatoryStore {
        switch self {
        case .sqlite(let folder): try SQLiteSignalStore.open(folder: folder)
        case .postgres(let url): try await PostgresSignalStore.connect(url, logger: logger)
        }
    }

    /// For messages: the folder, or the URL without its password.
    public var description: String {
        switch self {
        case .sqlite(let folder): folder
        case .postgres(let url): url.description
        }
    }
}

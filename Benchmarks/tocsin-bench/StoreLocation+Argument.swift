import TocsinStore

extension StoreLocation {
    /// A benchmark's store argument: a `postgresql://` URL, else a data folder.
    init(argument: String) throws {
        try self.init(url: PostgresURL.isPostgres(argument) ? argument : nil, folder: argument)
    }
}

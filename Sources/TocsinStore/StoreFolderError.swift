/// The data folder cannot hold the store: it cannot be created, or written.
public struct StoreFolderError: Error, CustomStringConvertible, Equatable {
    public var folder: String
    public var reason: String
    public var description: String { "the data folder \(folder) \(reason)" }
}

/// A reference-data file that is missing, corrupt, or has a bad line, naming the file and the
/// place (line or byte offset).
public struct ReferenceDataError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Place: Sendable, Hashable {
        case file
        case line(Int)
        case offset(Int)
    }

    public var path: String
    public var place: Place
    public var reason: String

    public init(path: String, place: Place, reason: String) {
        self.path = path
        self.place = place
        self.reason = reason
    }

    public var description: String {
        switch place {
        case .file: "\(path): \(reason)"
        case .line(let n): "\(path):\(n): \(reason)"
        case .offset(let n): "\(path) at byte \(n): \(reason)"
        }
    }
}

/// What a text loader read: the good entries, and every bad line (counted, not fatal).
public struct LoadResult<Entry: Sendable>: Sendable {
    public var entries: [Entry] = []
    public var errors: [ReferenceDataError] = []

    public init() {}
}

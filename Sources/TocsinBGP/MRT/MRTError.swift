/// A problem with one MRT record or with a file's framing, naming the file and byte offset
/// (in the decompressed stream) of the record's header.
public struct MRTError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The file cannot go on: short header, short body, zero or absurd length, I/O.
        case framing
        /// This record is bad; the next one is read.
        case record
    }
    public var kind: Kind
    public var path: String
    public var offset: Int64
    public var reason: String

    public init(_ kind: Kind, path: String, offset: Int64, reason: String) {
        self.kind = kind
        self.path = path
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "\(path) at byte \(offset): \(reason)" }

    /// How many problems a run keeps in full; the rest are only counted, so a file of
    /// nothing but bad records cannot fill memory.
    public static let keptPerRun = 1_000

    static func keep(_ error: MRTError, in list: inout [MRTError], count: inout Int) {
        count += 1
        if list.count < keptPerRun { list.append(error) }
    }
}

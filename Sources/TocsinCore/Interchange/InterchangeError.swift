/// A bad line in an interchange file: where it was and why it was refused.
public struct InterchangeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file (or other source) name as given by the caller.
    public var source: String
    /// 1-based line number.
    public var line: Int
    public var reason: String

    public init(source: String, line: Int, reason: String) {
        self.source = source
        self.line = line
        self.reason = reason
    }

    public var description: String { "\(source):\(line): \(reason)" }
}

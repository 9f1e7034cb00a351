/// A saved platform answer that cannot be imported: the file, where in it (a JSON path such
/// as `result[12].measurement_start_day`, or a byte offset), and why.
public struct PublicAnswerError: Error, CustomStringConvertible, Equatable {
    public var file: String
    public var position: String
    public var reason: String

    public init(file: String, position: String, reason: String) {
        self.file = file
        self.position = position
        self.reason = reason
    }

    public var description: String { "\(file): \(position.isEmpty ? "" : "at \(position): ")\(reason)" }
}

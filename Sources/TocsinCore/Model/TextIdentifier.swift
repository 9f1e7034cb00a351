/// A domain value written as validated text (an entity id, a signal name): encoded as its
/// text, and decoded through the same validation, so a bad value in JSON is an error that
/// says why.
public protocol TextIdentifier: Codable, CustomStringConvertible {
    associatedtype ValidationError: Error & CustomStringConvertible
    var rawValue: String { get }
    init(validating text: String) throws(ValidationError)
}

extension TextIdentifier {
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(validating: text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

import Foundation

extension TocsinParameters {
    /// The defaults with the fields a JSON object names replaced (`{"fallingRatio": 0.85}`):
    /// how a tuning run states what it changed.
    public static func overriding(json: Data) throws -> TocsinParameters {
        let defaults = try JSONSerialization.jsonObject(with: JSONEncoder().encode(TocsinParameters())) as! [String: Any]
        guard let changes = try JSONSerialization.jsonObject(with: json) as? [String: Any] else {
            throw DecodingError.typeMismatch([String: Any].self, .init(codingPath: [], debugDescription: "parameters must be a JSON object"))
        }
        if let unknown = changes.keys.first(where: { defaults[$0] == nil }) {
            throw DecodingError.keyNotFound(AnyKey(unknown), .init(codingPath: [], debugDescription: "no parameter named \(unknown)"))
        }
        let merged = defaults.merging(changes) { $1 }
        return try JSONDecoder().decode(TocsinParameters.self, from: JSONSerialization.data(withJSONObject: merged))
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

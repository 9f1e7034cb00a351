/// Splits one CSV record (RFC 4180: comma-separated, fields optionally in double quotes,
/// `""` for a quote inside a quoted field) into its fields.
public enum CSVRecord {
    /// The fields of `line`, or a reason why it is not a well-formed record.
    public static func fields(_ line: UnsafeBufferPointer<UInt8>) -> Result<[String], CSVRecordError> {
        var fields: [String] = []
        var field: [UInt8] = []
        var i = 0
        let n = line.count
        while true {
            field.removeAll(keepingCapacity: true)
            if i < n, line[i] == 0x22 {
                i += 1
                var closed = false
                while i < n {
                    if line[i] == 0x22 {
                        if i + 1 < n, line[i + 1] == 0x22 {
                            field.append(0x22)
                            i += 2
                            continue
                        }
                        closed = true
                        i += 1
                        break
                    }
                    field.append(line[i])
                    i += 1
                }
                guard closed else { return .failure(.unterminatedQuote) }
                guard i == n || line[i] == 0x2C else { return .failure(.textAfterQuote) }
            } else {
                while i < n, line[i] != 0x2C {
                    if line[i] == 0x22 { return .failure(.quoteInUnquotedField) }
                    field.append(line[i])
                    i += 1
                }
            }
            guard let text = String(validating: field, as: UTF8.self) else { return .failure(.invalidUTF8) }
            fields.append(text)
            if i == n { return .success(fields) }
            i += 1  // the comma
        }
    }

    public static func fields(_ line: String) -> Result<[String], CSVRecordError> {
        var copy = line
        return copy.withUTF8 { fields($0) }
    }

    /// Quotes a field when it holds a comma, a quote or a line break.
    public static func escape(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return field }
        return "\"" + field.replacing("\"", with: "\"\"") + "\""
    }
}

/// Why a line is not a well-formed CSV record.
public enum CSVRecordError: Error, Sendable, Hashable, CustomStringConvertible {
    case unterminatedQuote, textAfterQuote, quoteInUnquotedField, invalidUTF8

    public var description: String {
        switch self {
        case .unterminatedQuote: "a quoted field is not closed"
        case .textAfterQuote: "text after a closing quote"
        case .quoteInUnquotedField: "a quote inside an unquoted field"
        case .invalidUTF8: "not valid UTF-8"
        }
    }
}

import Foundation

/// The Events interchange format: one JSON object per line (see `OutageEvent` for fields).
///
/// Keys are written sorted and slashes unescaped, so the same events always give the same
/// bytes: batch and streaming runs can be compared with `diff`.
public enum EventsJSONLines {
    public static func line(_ event: OutageEvent) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain values with finite numbers cannot fail.
        let data = (try? encoder.encode(event)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    public static func format(_ events: [OutageEvent]) -> String {
        events.map { line($0) + "\n" }.joined()
    }

    /// Parses a whole document; every bad line is reported with its number and reason.
    public static func parse(_ text: String, source: String = "<input>") -> (events: [OutageEvent], errors: [InterchangeError]) {
        let decoder = JSONDecoder()
        var events: [OutageEvent] = []
        var errors: [InterchangeError] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            do {
                events.append(try decoder.decode(OutageEvent.self, from: Data(trimmed.utf8)))
            } catch {
                errors.append(InterchangeError(source: source, line: index + 1, reason: "not an event: \(describe(error))"))
            }
        }
        return (events, errors)
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing field '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let ctx), DecodingError.valueNotFound(_, let ctx):
            return "wrong type at '\(ctx.codingPath.map(\.stringValue).joined(separator: "."))'"
        case DecodingError.dataCorrupted(let ctx):
            let path = ctx.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? "malformed JSON" : "\(path): \(ctx.debugDescription)"
        default: return "\(error)"
        }
    }
}

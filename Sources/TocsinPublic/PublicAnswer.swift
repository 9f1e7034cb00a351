import Foundation
import TocsinCore

/// What every importer of a platform's API answer shares: decoding the JSON with errors that
/// name the position, unwrapping answers saved by record/replay helpers (`{status,
/// contentType, body}` with the answer as a string), and placing a platform's times in
/// Tocsin's 5-minute bins.
///
/// Platforms answer at their own step (IODA 5 or 10 minutes, Radar 15 minutes to a day,
/// OONI an hour or a day). Importers keep each value at its own time, aligned down to its
/// bin, and never spread or interpolate it: a daily OONI count is one point a day, with no
/// data in the bins between. The step is reported with every import.
public enum PublicAnswer {
    /// Decodes `T` from a saved answer, unwrapping a record/replay envelope first.
    static func decode<T: Decodable>(_ type: T.Type, from data: Data, file: String) throws -> T {
        let body = unwrapped(data)
        do {
            return try JSONDecoder().decode(T.self, from: body)
        } catch let DecodingError.dataCorrupted(context) where context.codingPath.isEmpty {
            throw PublicAnswerError(file: file, position: "", reason: "not valid JSON (\(body.count) bytes; truncated?)")
        } catch let error as DecodingError {
            throw PublicAnswerError(file: file, position: path(of: error), reason: reason(of: error))
        }
    }

    /// The answer inside `{status, contentType, body}` when the file is such a wrapper.
    static func unwrapped(_ data: Data) -> Data {
        struct Wrapper: Decodable {
            var status: Int
            var body: String
        }
        guard let wrapper = try? JSONDecoder().decode(Wrapper.self, from: data) else { return data }
        return Data(wrapper.body.utf8)
    }

    /// A platform time (Unix seconds) in its 5-minute bin, or an error naming the position.
    static func bin(_ seconds: Int64, file: String, position: String) throws -> Int64 {
        guard (0...SignalsCSV.latestTime).contains(seconds) else {
            throw PublicAnswerError(file: file, position: position, reason: "time \(seconds) is outside 1970–9999")
        }
        return seconds - seconds % TimeBin.seconds
    }

    /// `2021-03-17` (a day, UTC) or an RFC 3339 time, as Unix seconds.
    static func time(_ text: String, file: String, position: String) throws -> Int64 {
        if text.count == 10, let t = UTCTime.parse(text + "T00:00:00Z") { return t }
        if let t = UTCTime.parse(text) { return t }
        throw PublicAnswerError(file: file, position: position, reason: "'\(text)' is not a date or an RFC 3339 time")
    }

    /// A signal name in the platform's namespace (`ooni.anomalies`), or an error.
    static func signal(_ platform: String, _ name: String, file: String, position: String) throws -> SignalName {
        do { return try SignalName("\(platform).\(name)") } catch {
            throw PublicAnswerError(file: file, position: position, reason: "\(error)")
        }
    }

    private static func path(of error: DecodingError) -> String {
        let context: DecodingError.Context
        switch error {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): context = c
        case .keyNotFound(let key, let c): return render(c.codingPath + [key])
        @unknown default: return ""
        }
        return render(context.codingPath)
    }

    private static func render(_ path: [any CodingKey]) -> String {
        var out = ""
        for key in path {
            if let i = key.intValue { out += "[\(i)]" } else { out += out.isEmpty ? key.stringValue : ".\(key.stringValue)" }
        }
        return out
    }

    private static func reason(of error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "missing '\(key.stringValue)'"
        case .typeMismatch(let type, _): "expected \(type)"
        case .valueNotFound(let type, _): "expected \(type), found null"
        case .dataCorrupted(let c): c.debugDescription
        @unknown default: "\(error)"
        }
    }
}

/// What an importer read from one answer.
public struct PublicImport: Sendable {
    public var points: [SignalPoint]
    /// The answer's step in seconds, when it has one (a day: 86400).
    public var step: Int64?
    /// Rows or values the answer held without data (null), kept as gaps.
    public var gaps = 0
}

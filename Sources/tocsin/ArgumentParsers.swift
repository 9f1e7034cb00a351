import ArgumentParser
import TocsinCore

/// Parsers for the domain values taken on the command line; each error says why.
enum ArgumentParsers {
    /// Unix seconds or RFC 3339.
    static func time(_ text: String) throws -> Int64 {
        guard let t = UTCTime.parse(text) else {
            throw ValidationError("'\(text)' is not a time: use Unix seconds or RFC 3339 (2022-01-05T10:30:00Z)")
        }
        return t
    }

    static func entity(_ text: String) throws -> EntityID {
        do { return try EntityID(text) } catch { throw ValidationError(error.description) }
    }

    static func signal(_ text: String) throws -> SignalName {
        do { return try SignalName(text) } catch { throw ValidationError(error.description) }
    }
}

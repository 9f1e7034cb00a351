import Foundation
import TocsinCore

/// Times and lengths of time as the pages write them, in the reader's language.
enum TimeText {
    /// `2022-01-05 10:30 UTC (16:30 Asia/Almaty)`: UTC, and the country's local clock when known.
    static func moment(_ t: Int64, zone: TimeZone?) -> String {
        let utc = AlertText.stamp(t)
        guard let zone else { return utc }
        let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t))))
        let local = UTCTime.format(t + offset)
        let sameDay = local.prefix(10) == UTCTime.format(t).prefix(10)
        let clock = (sameDay ? "" : local.prefix(10) + " ") + local.dropFirst(11).prefix(5)
        return "\(utc) (\(clock) \(zone.identifier))"
    }

    /// `4 d 10 h`, `3 h 5 min`, `45 min`.
    static func duration(_ seconds: Int64, text: Catalogue) -> String {
        let minutes = max(0, seconds) / 60
        let d = minutes / 1440, h = minutes % 1440 / 60, m = minutes % 60
        if d > 0 { return "\(d) \(text["unit.day"])" + (h > 0 ? " \(h) \(text["unit.hour"])" : "") }
        if h > 0 { return "\(h) \(text["unit.hour"])" + (m > 0 ? " \(m) \(text["unit.minute"])" : "") }
        return "\(m) \(text["unit.minute"])"
    }
}

import Foundation
import TocsinCore

/// Local time beside UTC on the pages: each country's principal time zone from the tz
/// database's `zone.tab` (the first zone listed for the country, e.g. Asia/Almaty for KZ),
/// with the offset the zone had at the moment shown (so 2022 in Kazakhstan is UTC+06:00).
enum LocalTime {
    static let zones: [String: String] = {
        guard let text = try? String(contentsOfFile: "/usr/share/zoneinfo/zone.tab", encoding: .utf8) else { return [:] }
        var zones: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t")
            if fields.count >= 3, zones[String(fields[0])] == nil { zones[String(fields[0])] = String(fields[2]) }
        }
        return zones
    }()

    static func zone(country: String?) -> TimeZone? {
        guard let country, let name = zones[country] else { return nil }
        return TimeZone(identifier: name)
    }

    /// `2022-01-05 16:30 Asia/Almaty (UTC+06:00)`
    static func format(_ time: Int64, in zone: TimeZone) -> String {
        let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(time)))
        let local = UTCTime.format(time + Int64(offset))  // 2022-01-05T16:30:00Z
        let clock = local.dropLast(4).replacingOccurrences(of: "T", with: " ")  // 2022-01-05 16:30
        let sign = offset < 0 ? "-" : "+"
        let hours = abs(offset) / 3600, minutes = abs(offset) % 3600 / 60
        return "\(clock) \(zone.identifier) (UTC\(sign)\(hours < 10 ? "0" : "")\(hours):\(minutes < 10 ? "0" : "")\(minutes))"
    }
}

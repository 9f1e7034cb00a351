import TocsinCore

/// How a public BGP archive names its files.
///
/// - `ris` (RIPE RIS): `BASE/YYYY.MM/updates.YYYYMMDD.HHMM.gz` every 5 minutes and
///   `BASE/YYYY.MM/bview.YYYYMMDD.HHMM.gz` every 8 hours.
/// - `routeviews`: `BASE/YYYY.MM/UPDATES/updates.YYYYMMDD.HHMM.bz2` every 15 minutes and
///   `BASE/YYYY.MM/RIBS/rib.YYYYMMDD.HHMM.bz2` every 2 hours.
public enum ArchiveLayout: String, Sendable, Hashable, Codable {
    case ris, routeviews

    /// Seconds between update files.
    public var updatesInterval: Int64 { self == .ris ? 300 : 900 }
    /// Seconds between RIB dumps.
    public var ribInterval: Int64 { self == .ris ? 8 * 3600 : 2 * 3600 }

    public func updatesPath(at time: Int64) -> String {
        switch self {
        case .ris: "\(Self.month(time))/updates.\(Self.stamp(time)).gz"
        case .routeviews: "\(Self.month(time))/UPDATES/updates.\(Self.stamp(time)).bz2"
        }
    }

    public func ribPath(at time: Int64) -> String {
        switch self {
        case .ris: "\(Self.month(time))/bview.\(Self.stamp(time)).gz"
        case .routeviews: "\(Self.month(time))/RIBS/rib.\(Self.stamp(time)).bz2"
        }
    }

    /// `YYYY.MM`
    static func month(_ time: Int64) -> String {
        let (y, m, _, _, _) = civil(time)
        return "\(y).\(two(m))"
    }

    /// `YYYYMMDD.HHMM`
    static func stamp(_ time: Int64) -> String {
        let (y, m, d, h, minute) = civil(time)
        return "\(y)\(two(m))\(two(d)).\(two(h))\(two(minute))"
    }

    private static func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// UTC year, month, day, hour and minute.
    private static func civil(_ time: Int64) -> (Int64, Int64, Int64, Int64, Int64) {
        let days = time >= 0 ? time / 86_400 : (time - 86_399) / 86_400
        let seconds = time - days * 86_400
        let (y, m, d) = UTCTime.civil(fromDays: days)
        return (y, m, d, seconds / 3600, seconds % 3600 / 60)
    }

    /// The time stamped in an archive file name (`YYYYMMDD.HHMM`), if any.
    static func time(inName name: String) -> Int64? {
        let parts = name.split(separator: ".")
        for i in parts.indices.dropLast() where parts[i].count == 8 && parts[i + 1].count == 4 {
            guard let ymd = Int64(parts[i]), let hm = Int64(parts[i + 1]) else { continue }
            let days = UTCTime.daysFromCivil(year: ymd / 10_000, month: ymd / 100 % 100, day: ymd % 100)
            return days * 86_400 + hm / 100 * 3600 + hm % 100 * 60
        }
        return nil
    }
}

/// One archive collector to poll: its name, base URL and layout.
public struct ArchiveCollector: Sendable, Hashable, Codable {
    public var name: String
    public var baseURL: String
    public var layout: ArchiveLayout

    public init(name: String, baseURL: String, layout: ArchiveLayout) {
        self.name = name
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.layout = layout
    }

    public func url(_ path: String) -> String { "\(baseURL)/\(path)" }
}

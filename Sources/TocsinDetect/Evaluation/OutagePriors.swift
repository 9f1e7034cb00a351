import Foundation
import TocsinCore

/// Realistic outage durations by cause, from the 1,704 outages IODA's staff checked by hand
/// (InetIntel, SIGCOMM'23 "Destination Unreachable"; the CSV in `ioda-outages-sigcomm23`).
/// Without the file, log-normal durations around that file's medians are used.
public struct OutagePriors: Sendable {
    /// Durations in seconds by cause.
    public var durations: [EventCause: [Int64]]

    /// The medians of the IODA file (minutes): government-ordered 480, exams 275, cable 320,
    /// power 304, unknown 120.
    public static let builtIn = OutagePriors(durations: [:])

    public init(durations: [EventCause: [Int64]]) { self.durations = durations }

    /// Reads the IODA CSV (`Begin time`, `End time`, `Cause` columns).
    public static func load(path: String) throws -> OutagePriors {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEEE, MMMM d, yyyy, h:mm:ss a"
        var durations: [EventCause: [Int64]] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            guard case .success(let f) = CSVRecord.fields(String(line)), f.count > 10,
                  let begin = formatter.date(from: f[1]), let end = formatter.date(from: f[2])
            else { continue }
            let seconds = Int64(end.timeIntervalSince(begin))
            guard seconds >= 600 else { continue }
            let cause: EventCause = switch f[10].trimmingCharacters(in: .whitespaces) {
            case "Government-Ordered", "Exams": .shutdown
            case "Cable-Cut": .cable
            case "Power-Outage", "Weather", "Earthquake": .power
            case "Misc-Routing-Problem", "Route-Leak", "Equipment-Failure", "Generic-Technical": .routing
            default: .unknown
            }
            durations[cause, default: []].append(seconds)
        }
        return OutagePriors(durations: durations)
    }

    /// A duration for an event of this cause, clamped to `limits`.
    public func duration(_ cause: EventCause, limits: ClosedRange<Int64>, using rng: inout some RandomNumberGenerator) -> Int64 {
        let raw: Int64
        if let list = durations[cause], list.count >= 5 {
            raw = list.randomElement(using: &rng)!
        } else {
            let medianMinutes: Double = switch cause {
            case .shutdown: 480
            case .cable: 320
            case .power: 304
            case .routing, .unknown: 120
            }
            let z = Double.random(in: -1.5...1.5, using: &rng)
            raw = Int64(medianMinutes * 60 * Foundation.exp(0.8 * z))
        }
        return min(max(raw, limits.lowerBound), limits.upperBound) / 300 * 300
    }
}

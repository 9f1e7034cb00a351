import Foundation
import TocsinCore

/// OONI's aggregation answers (`GET /api/v1/aggregation`, `axis_x=measurement_start_day`,
/// with `axis_y=probe_cc` or `probe_asn`, or the country or network given): per row the
/// measurement, anomaly, confirmed, failure and ok counts of a day (or an hour with
/// `time_grain=hour`), into `ooni.measurements`, `ooni.anomalies`, `ooni.confirmed`,
/// `ooni.failures` and `ooni.ok` of `country/XX` or `asn/N`. The answer may be the full
/// envelope (`{v, dimension_count, db_stats, result}`) or the bare `result` array.
public enum OONIAggregation {
    struct Row: Decodable {
        var measurement_start_day: String?
        var probe_cc: String?
        var probe_asn: UInt32?
        var measurement_count: Double?
        var anomaly_count: Double?
        var confirmed_count: Double?
        var failure_count: Double?
        var ok_count: Double?
    }

    struct Envelope: Decodable {
        var result: [Row]
    }

    /// Reads one answer. `entity` is the country or network the query was for, when the rows
    /// do not name one.
    public static func read(_ data: Data, file: String, entity: EntityID? = nil) throws -> PublicImport {
        let rows: [Row]
        if let envelope = try? JSONDecoder().decode(Envelope.self, from: PublicAnswer.unwrapped(data)) {
            rows = envelope.result
        } else {
            // Neither an envelope nor (then) an array: decode again for the error's position.
            rows = try PublicAnswer.decode([Row].self, from: data, file: file)
        }
        var out = PublicImport(points: [])
        var days: Set<Int64> = []
        for (i, row) in rows.enumerated() {
            let at = "result[\(i)]"
            guard let day = row.measurement_start_day else {
                throw PublicAnswerError(file: file, position: at, reason: "no measurement_start_day (aggregate with axis_x=measurement_start_day)")
            }
            let time = try PublicAnswer.bin(try PublicAnswer.time(day, file: file, position: at + ".measurement_start_day"), file: file, position: at)
            days.insert(time)
            let who: EntityID
            if let asn = row.probe_asn {
                who = .asn(asn)
            } else if let cc = row.probe_cc {
                guard let id = try? EntityID.country(cc) else {
                    throw PublicAnswerError(file: file, position: at + ".probe_cc", reason: "'\(cc)' is not an ISO 3166-1 country code")
                }
                who = id
            } else if let entity {
                who = entity
            } else {
                throw PublicAnswerError(file: file, position: at, reason: "the row names no country or network: aggregate with axis_y=probe_cc, or give --entity")
            }
            let counts: [(String, Double?)] = [("measurements", row.measurement_count), ("anomalies", row.anomaly_count), ("confirmed", row.confirmed_count),
                                               ("failures", row.failure_count), ("ok", row.ok_count)]
            for (name, value) in counts {
                if value == nil { out.gaps += 1 }
                out.points.append(SignalPoint(entity: who, signal: try PublicAnswer.signal("ooni", name, file: file, position: at), time: time, value: value))
            }
        }
        let sorted = days.sorted()
        out.step = zip(sorted, sorted.dropFirst()).map { $1 - $0 }.min()
        return out
    }
}

import Foundation
import TocsinCore

/// Cloudflare Radar's time-series answers (`/radar/netflows/timeseries`, `/radar/http/timeseries`,
/// `/radar/bgp/timeseries`: `{success, errors, result: {serie_0: {timestamps, values}, meta}}`,
/// values as decimal strings). The answer does not say which location or network it is of
/// (that is in the query), so the entity and the signal's name are given: `radar.<name>`.
/// With several series (`serie_0`, `serie_1`... from a comparison query) the first is read
/// unless another is named.
public enum RadarTimeseries {
    struct Serie: Decodable {
        var timestamps: [String]
        var values: [String?]
    }

    struct Envelope: Decodable {
        var success: Bool
        var errors: [ErrorItem]?
        var result: [String: AnyResult]?

        struct ErrorItem: Decodable {
            var message: String?
        }
    }

    /// A member of `result`: a series, or `meta` (kept for its interval).
    enum AnyResult: Decodable {
        case serie(Serie)
        case meta(aggInterval: String?)
        case other

        init(from decoder: any Decoder) throws {
            if let s = try? Serie(from: decoder) { self = .serie(s); return }
            struct Meta: Decodable { var aggInterval: String? }
            if let m = try? Meta(from: decoder), m.aggInterval != nil { self = .meta(aggInterval: m.aggInterval); return }
            self = .other
        }
    }

    static let intervals: [String: Int64] = ["FIFTEEN_MINUTES": 900, "ONE_HOUR": 3_600, "ONE_DAY": 86_400, "ONE_WEEK": 604_800,
                                             "15m": 900, "1h": 3_600, "1d": 86_400, "1w": 604_800]

    public static func read(_ data: Data, file: String, entity: EntityID, signal name: String, serie: String = "serie_0") throws -> PublicImport {
        let envelope = try PublicAnswer.decode(Envelope.self, from: data, file: file)
        guard envelope.success else {
            let message = envelope.errors?.compactMap(\.message).joined(separator: "; ") ?? ""
            throw PublicAnswerError(file: file, position: "success", reason: "the answer is an error" + (message.isEmpty ? "" : ": \(message)"))
        }
        guard case .serie(let s)? = envelope.result?[serie] else {
            throw PublicAnswerError(file: file, position: "result.\(serie)", reason: "no such series (have: \((envelope.result ?? [:]).keys.sorted().joined(separator: ", ")))")
        }
        guard s.timestamps.count == s.values.count else {
            throw PublicAnswerError(file: file, position: "result.\(serie)", reason: "\(s.timestamps.count) timestamps but \(s.values.count) values")
        }
        let signal = try PublicAnswer.signal("radar", name, file: file, position: "")
        var out = PublicImport(points: [])
        if case .meta(let interval)? = envelope.result?["meta"] { out.step = interval.flatMap { intervals[$0] } }
        for (i, (stamp, text)) in zip(s.timestamps, s.values).enumerated() {
            let time = try PublicAnswer.bin(try PublicAnswer.time(stamp, file: file, position: "result.\(serie).timestamps[\(i)]"), file: file, position: "")
            var value: Double?
            if let text {
                guard let v = Double(text), v.isFinite, v >= 0 else {
                    throw PublicAnswerError(file: file, position: "result.\(serie).values[\(i)]", reason: "'\(text)' is not a non-negative number")
                }
                value = v
            } else {
                out.gaps += 1
            }
            out.points.append(SignalPoint(entity: entity, signal: signal, time: time, value: value))
        }
        return out
    }
}

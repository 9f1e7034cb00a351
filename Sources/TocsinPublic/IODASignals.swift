import Foundation
import TocsinCore

/// IODA v2 raw-signal answers (`GET /v2/signals/raw/{entityType}/{entityCode}`:
/// `{type: "signals", data: [[{entityType, entityCode, datasource, subtype, from, step,
/// values}]]}`), every datasource of the answer into `ioda.<datasource>` (with
/// `.<subtype>` when there is one) of `country/XX` or `asn/N`. Values are kept at their time
/// (`from + i × step`, aligned to the bin) and their step (5 min for bgp, 10 min for
/// ping-slash24). Datasources whose values are not numbers (the per-path objects of
/// upstream-delay) are refused, by name and position.
public enum IODASignals {
    struct Envelope: Decodable {
        var type: String?
        var error: String?
        var data: [[Signal]]?
    }

    struct Signal: Decodable {
        var entityType: String
        var entityCode: String
        var datasource: String
        var subtype: String?
        var from: Int64
        var step: Int64
        var values: [Value]
    }

    enum Value: Decodable {
        case number(Double)
        case null
        case other

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .null } else if let v = try? c.decode(Double.self) { self = .number(v) } else { self = .other }
        }
    }

    public static func read(_ data: Data, file: String) throws -> PublicImport {
        let envelope = try PublicAnswer.decode(Envelope.self, from: data, file: file)
        if let error = envelope.error, !error.isEmpty {
            throw PublicAnswerError(file: file, position: "error", reason: "the answer is an error: \(error)")
        }
        guard let groups = envelope.data else { throw PublicAnswerError(file: file, position: "data", reason: "no data") }
        var out = PublicImport(points: [])
        for (g, group) in groups.enumerated() {
            for (k, s) in group.enumerated() {
                let at = "data[\(g)][\(k)]"
                let entity = try self.entity(s, file: file, position: at)
                let name = s.datasource + ((s.subtype ?? "").isEmpty ? "" : ".\(s.subtype!)")
                let signal = try PublicAnswer.signal("ioda", name, file: file, position: at + ".datasource")
                guard s.step > 0 else { throw PublicAnswerError(file: file, position: at + ".step", reason: "step must be positive, got \(s.step)") }
                out.step = min(out.step ?? s.step, s.step)
                for (i, value) in s.values.enumerated() {
                    let time = try PublicAnswer.bin(s.from + Int64(i) * s.step, file: file, position: at + ".values[\(i)]")
                    switch value {
                    case .number(let v) where v.isFinite:
                        out.points.append(SignalPoint(entity: entity, signal: signal, time: time, value: v))
                    case .null:
                        out.gaps += 1
                        out.points.append(SignalPoint(entity: entity, signal: signal, time: time, value: nil))
                    default:
                        throw PublicAnswerError(file: file, position: at + ".values[\(i)]",
                                                reason: "datasource '\(s.datasource)' has values that are not numbers (per-path objects?): not a signal Tocsin can keep")
                    }
                }
            }
        }
        return out
    }

    static func entity(_ s: Signal, file: String, position: String) throws -> EntityID {
        switch s.entityType {
        case "country":
            if let id = try? EntityID.country(s.entityCode) { return id }
        case "asn":
            if let n = UInt32(s.entityCode) { return .asn(n) }
        default:
            throw PublicAnswerError(file: file, position: position + ".entityType",
                                    reason: "IODA \(s.entityType) '\(s.entityCode)' has no Tocsin entity (IODA's region ids are not ISO 3166-2 codes)")
        }
        throw PublicAnswerError(file: file, position: position + ".entityCode", reason: "'\(s.entityCode)' is not a valid \(s.entityType) code")
    }
}

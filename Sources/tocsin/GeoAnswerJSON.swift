import Foundation
import TocsinGeo

/// How `tocsin geo lookup` prints an answer.
enum GeoAnswerJSON {
    static func line(_ a: GeoAnswer) -> String {
        var object: [String: Any] = ["ip": a.ip.description]
        object["prefix"] = a.prefix ?? NSNull()
        object["country"] = a.country ?? NSNull()
        object["region"] = a.region ?? NSNull()
        object["asn"] = a.asn.map { Int($0) } ?? NSNull()
        object["as_name"] = a.asName ?? NSNull()
        object["access"] = a.access?.rawValue ?? NSNull()
        object["sources"] = a.sources.mapValues(\.rawValue)
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    static func text(_ a: GeoAnswer) -> String {
        let access = a.access.map { "\($0.rawValue) (\(a.sources["access"]?.rawValue ?? "?"))" } ?? "-"
        return [a.ip.description, a.prefix ?? "-", a.country ?? "-", a.region ?? "-",
                a.asn.map { "AS\($0)" } ?? "-", a.asName ?? "-", access].joined(separator: "\t")
    }
}

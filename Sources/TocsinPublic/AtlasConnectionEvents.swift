import Foundation
import TocsinCore

/// RIPE Atlas probe connection events (built-in measurement 7000, `GET
/// /api/v2/measurements/7000/results/`: `[{prb_id, event: "connect"|"disconnect", timestamp,
/// asn, prefix, controller}]`), counted per 5-minute bin and network: `atlas.disconnects` and
/// `atlas.connects` of `asn/N`, and, when a probes answer maps probes to countries, of
/// `country/XX` too. A burst of disconnects across a country's probes is what a shutdown
/// does to Atlas; it is kept as evidence beside the signals (the detector does not raise on
/// event counts). `asn` comes as a number, a string, `""` or null; events without one count
/// for the country only. Events need not be sorted.
public enum AtlasConnectionEvents {
    struct Event: Decodable {
        var prb_id: Int
        var event: String
        var timestamp: Int64
        var asn: UInt32?

        enum CodingKeys: String, CodingKey { case prb_id, event, timestamp, asn }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            prb_id = try c.decode(Int.self, forKey: .prb_id)
            event = try c.decode(String.self, forKey: .event)
            timestamp = try c.decode(Int64.self, forKey: .timestamp)
            if let n = try? c.decodeIfPresent(UInt32.self, forKey: .asn) {
                asn = n
            } else if let text = try? c.decodeIfPresent(String.self, forKey: .asn), !text.isEmpty {
                guard let n = UInt32(text) else {
                    throw DecodingError.dataCorruptedError(forKey: .asn, in: c, debugDescription: "'\(text)' is not an AS number")
                }
                asn = n
            } else {
                asn = nil
            }
        }
    }

    /// `probes`: probe id → country code, from `ProbeCountries.read`.
    public static func read(_ data: Data, file: String, probes: [Int: String] = [:]) throws -> PublicImport {
        let events = try PublicAnswer.decode([Event].self, from: data, file: file)
        var counts: [SeriesKey: [Int64: Double]] = [:]
        let connects = try PublicAnswer.signal("atlas", "connects", file: file, position: "")
        let disconnects = try PublicAnswer.signal("atlas", "disconnects", file: file, position: "")
        var out = PublicImport(points: [])
        for (i, e) in events.enumerated() {
            let signal: SignalName
            switch e.event {
            case "connect": signal = connects
            case "disconnect": signal = disconnects
            default: throw PublicAnswerError(file: file, position: "[\(i)].event", reason: "'\(e.event)' is neither connect nor disconnect")
            }
            let bin = try PublicAnswer.bin(e.timestamp, file: file, position: "[\(i)].timestamp")
            var entities: [EntityID] = []
            if let asn = e.asn { entities.append(.asn(asn)) }
            if let cc = probes[e.prb_id], let country = try? EntityID.country(cc) { entities.append(country) }
            if entities.isEmpty { out.gaps += 1 }
            for entity in entities { counts[SeriesKey(entity: entity, signal: signal), default: [:]][bin, default: 0] += 1 }
        }
        // Every series gets a value in every bin of the answer's span (0 where nothing
        // happened), so a quiet bin reads as quiet, not as missing.
        let bins = events.map { $0.timestamp - $0.timestamp % TimeBin.seconds }
        guard let first = bins.min(), let last = bins.max() else { return out }
        for key in counts.keys.sorted() {
            let values = counts[key]!
            for t in stride(from: first, through: last, by: Int(TimeBin.seconds)) {
                out.points.append(SignalPoint(entity: key.entity, signal: key.signal, time: t, value: values[t] ?? 0))
            }
        }
        out.step = TimeBin.seconds
        return out
    }
}

/// Probe id → country from RIPE Atlas probe answers: one probe (`GET /api/v2/probes/{id}/`) or
/// a page of them (`{results: [...]}`).
public enum ProbeCountries {
    struct Probe: Decodable {
        var id: Int
        var country_code: String?
    }

    struct Page: Decodable {
        var results: [Probe]
    }

    public static func read(_ data: Data, file: String) throws -> [Int: String] {
        let probes: [Probe]
        if let page = try? JSONDecoder().decode(Page.self, from: data) { probes = page.results } else {
            probes = [try PublicAnswer.decode(Probe.self, from: data, file: file)]
        }
        return Dictionary(probes.compactMap { p in p.country_code.map { (p.id, $0) } }, uniquingKeysWith: { a, _ in a })
    }
}

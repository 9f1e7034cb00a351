import Foundation
import Hummingbird
import TocsinCore
import TocsinStore

/// IODA's outage endpoints, answered from Tocsin's events:
///
/// - `GET /v2/outages/events[/{entityType}/{entityCode}]?from&until[&datasource][&includeAlerts][&format=codf|ioda][&limit][&page]`
/// - `GET /v2/outages/alerts[/{entityType}/{entityCode}]?from&until[&datasource][&limit][&page]`
///
/// IODA's events are per datasource, so each Tocsin event gives one IODA event per signal
/// that dropped (its own start and end). `score` is Tocsin's, not IODA's: the signal's drop
/// (fraction of normal lost) × 100 × the event's duration in hours (at least one hour), so
/// deeper and longer outages score higher. Alerts are the transitions: `critical` when a
/// signal's drop starts (with the observed and baseline values as `value` and
/// `historyValue`) and `normal` when it ends. The `codf` fields IODA leaves empty
/// (`uncertainty`, `fraction`) are null here too.
extension IODACompatibleRoutes {
    func registerOutages(on router: Router<BasicRequestContext>) {
        for kind in ["events", "alerts"] {
            router.get(RouterPath("/v2/outages/\(kind)")) { request, _ in
                try await outages(kind, request, type: nil, code: nil)
            }
            router.get(RouterPath("/v2/outages/\(kind)/:entityType/:entityCode")) { request, context in
                try await outages(kind, request, type: context.parameters.get("entityType"), code: context.parameters.get("entityCode"))
            }
        }
    }

    private func outages(_ kind: String, _ request: Request, type: String?, code: String?) async throws -> Response {
        let started = Date()
        let q = request.uri.queryParameters
        let type_ = "outages.\(kind)"
        var params: [String: String] = [:]
        if let type, let code { params["entityType"] = type; params["entityCode"] = code }
        for key in ["from", "until", "datasource", "includeAlerts", "format", "limit", "page"] { if let v = q.get(key) { params[key] = v } }
        guard let from = q.get("from").flatMap(Self.timestamp) else { return envelope(type_, params, data: [], error: "'from' timestamp must be set", started: started) }
        guard let until = q.get("until").flatMap(Self.timestamp) else { return envelope(type_, params, data: [], error: "'until' timestamp must be set", started: started) }
        var entity: EntityID?
        if let type, let code {
            guard let e = Self.entity(type: type, code: code) else { return envelope(type_, params, data: [], error: "unknown entity \(type)/\(code)", started: started) }
            entity = e
        }
        if let v = q.get("limit"), Int(v).map({ !(1...99_999).contains($0) }) ?? true || v.hasPrefix("0") || v.hasPrefix("+") {
            return envelope(type_, params, data: [], error: "limit must be 1-99999 (at most 10000 are returned)", started: started)
        }
        if let v = q.get("page"), v.isEmpty || v.count > 6 || !v.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return envelope(type_, params, data: [], error: "page must be a whole number from 0", started: started)
        }
        if let v = q.get("includeAlerts"), v != "true", v != "false" {
            return envelope(type_, params, data: [], error: "includeAlerts must be true or false", started: started)
        }
        let format = q.get("format") ?? "codf"
        guard kind == "alerts" || format == "codf" || format == "ioda" else {
            return envelope(type_, params, data: [], error: "format must be codf or ioda", started: started)
        }
        let events = try await store.events(EventQuery(entity: entity, from: from, until: until))
        let names = Dictionary(try await store.entities().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let datasource = q.get("datasource")
        var rows: [(time: Int64, object: [String: Any])] = []
        for event in events {
            guard let entityObject = Self.entityObject(names[event.entity] ?? Entity(id: event.entity, name: event.entity.rawValue)) else { continue }
            for drop in event.signals where drop.signal.family != .activity {
                let source = Self.datasource(drop.signal)
                if let datasource, datasource != source { continue }
                let alerts = Self.alerts(event, drop, source: source, entity: entityObject)
                if kind == "alerts" {
                    rows += alerts.filter { ($0["time"] as? Int64).map { $0 >= from && $0 < until } ?? false }.map { ($0["time"] as! Int64, $0) }
                    continue
                }
                let end = drop.end ?? event.end ?? min(until, Int64(started.timeIntervalSince1970))
                let score = (drop.drop * 100 * max(1, Double(end - drop.start) / 3600) * 100).rounded() / 100
                if format == "codf" {
                    rows.append((drop.start, [
                        "location": "\(entityObject["type"]!)/\(entityObject["code"]!)", "location_name": entityObject["name"]!,
                        "start": drop.start, "duration": end - drop.start, "uncertainty": NSNull(), "status": 0,
                        "fraction": NSNull(), "score": score, "overlaps_window": drop.start < from || end > until,
                    ]))
                } else {
                    var object: [String: Any] = ["entity": entityObject, "from": drop.start, "until": end, "score": score, "datasource": source]
                    if q.get("includeAlerts") == "true" { object["alerts"] = alerts }
                    rows.append((drop.start, object))
                }
            }
        }
        rows.sort { $0.time < $1.time }
        let limit = min(max(q.get("limit").flatMap { Int($0) } ?? 10_000, 1), 10_000)
        let page = max(q.get("page").flatMap { Int($0) } ?? 0, 0)
        let offset = page.multipliedReportingOverflow(by: limit)
        let slice = offset.overflow ? [] : Array(rows.dropFirst(offset.partialValue).prefix(limit))
        return envelope(type_, params, data: slice.map(\.object), started: started)
    }

    /// A drop's transitions as IODA alerts.
    private static func alerts(_ event: OutageEvent, _ drop: SignalDrop, source: String, entity: [String: Any]) -> [[String: Any]] {
        let key = drop.signal.rawValue
        let value: Any = event.evidence.observed[key] ?? NSNull()
        let history: Any = event.evidence.baseline[key] ?? NSNull()
        var list: [[String: Any]] = [[
            "datasource": source, "entity": entity, "time": drop.start, "level": "critical",
            "condition": "< \(Int(((1 - drop.drop) * 100).rounded()))% of baseline", "value": value, "historyValue": history,
        ]]
        if let end = drop.end {
            list.append(["datasource": source, "entity": entity, "time": end, "level": "normal",
                         "condition": "back within the baseline band", "value": history, "historyValue": history])
        }
        return list
    }

    /// IODA's timestamps: non-negative whole seconds up to 2^31 − 1.
    private static func timestamp(_ text: String) -> Int64? {
        guard !text.isEmpty, text.utf8.count <= 10, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let v = Int64(text), v <= Int64(Int32.max) else { return nil }
        return v
    }
}

import TocsinCore
import TocsinDetect
import TocsinStore

/// The page of one entity: each signal as % of its expected level with the expected band and
/// events shaded, a range picker, the entity's events and signal faults in words, and — for a
/// country — one line per network, the chart observers post.
struct EntityPage: Sendable {
    let store: any SignalStore

    static let ranges: [(String, Int64)] = [("6h", 6 * 3600), ("24h", 86_400), ("7d", 7 * 86_400), ("30d", 30 * 86_400)]

    /// `from` with `now` gives a custom range (at most 366 days); otherwise `range` names one.
    func render(entity: EntityID, range name: String, now: Int64?, from customFrom: Int64? = nil) async throws -> String {
        var span = Self.ranges.first { $0.0 == name }?.1 ?? 7 * 86_400
        let keys = try await store.seriesKeys(entity: entity).filter { $0.signal.family != .activity }
        var latest: Int64 = 0
        for key in keys { if let r = try await store.timeRange(key) { latest = max(latest, r.upperBound + TimeBin.seconds) } }
        let until = now ?? latest
        let custom = customFrom.map { $0 < until && until - $0 <= APIRoutes.maxRange } ?? false
        if custom, let customFrom { span = until - customFrom }
        let from = until - span
        let entities = try await store.entities()
        let names = Dictionary(entities.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let title = names[entity].map { $0 == entity.rawValue ? $0 : "\($0) (\(entity.rawValue))" } ?? entity.rawValue
        let events = try await store.events(EventQuery(entity: entity, from: from, until: until, limit: 200))
        var html = PageFrame.head(title: "\(title) — Tocsin")
        html += "<h1>\(HTMLText.escape(title))</h1>\n<nav class=\"ranges\">Range: "
        html += Self.ranges.map { r in
            r.0 == name && !custom ? "<strong>\(r.0)</strong>" : "<a href=\"/entity?id=\(HTMLText.escape(entity.rawValue))&amp;range=\(r.0)\">\(r.0)</a>"
        }.joined(separator: " · ")
        html += " · custom: <form class=\"custom\" method=\"get\" action=\"/entity\"><input type=\"hidden\" name=\"id\" value=\"\(HTMLText.escape(entity.rawValue))\">"
        html += "<label>from <input name=\"from\" value=\"\(UTCTime.format(from))\" size=\"20\"></label> "
        html += "<label>until <input name=\"until\" value=\"\(UTCTime.format(until))\" size=\"20\"></label> <button>Show</button></form>"
        html += "</nav>\n<p>Times are UTC, \(UTCTime.format(from)) to \(UTCTime.format(until))"
        if let zone = LocalTime.zone(country: entity.country ?? entities.first { $0.id == entity }?.country) {
            html += "; local time \(HTMLText.escape(LocalTime.format(from, in: zone))) to \(HTMLText.escape(LocalTime.format(until, in: zone)))"
        }
        html += ".</p>\n"
        let spans = events.map { ($0.start, $0.end) }
        for key in keys {
            let line = try await PercentOfNormal.line(key, label: key.signal.rawValue, from: from, until: until, store: store, withBand: true)
            let chart = SVGChart(title: "\(title): \(key.signal) as % of normal", from: from, until: until, lines: [line], events: spans)
            html += "<h2>\(HTMLText.escape(key.signal.rawValue))</h2>\n" + chart.render()
        }
        if case .country(let cc) = entity.kind {
            html += try await networkChart(country: cc, from: from, until: until, entities: entities, spans: spans)
        }
        html += "<h2>Events</h2>\n"
        html += events.isEmpty ? "<p>None in this range.</p>\n"
            : "<ul>\n" + events.map { "<li>\(HTMLText.escape(AlertText.sentence($0, name: names[$0.entity]))) (cause: \($0.cause.rawValue), confidence \(Int(($0.confidence * 100).rounded()))%)</li>\n" }.joined() + "</ul>\n"
        html += Self.faultList(try await store.faults(entity: entity, from: from, until: until, limit: 200))
        return html + PageFrame.foot
    }

    /// Drops of one signal that the others did not share, in words: measurement problems first.
    static func faultList(_ faults: [SignalFault]) -> String {
        guard !faults.isEmpty else { return "" }
        var html = "<h2>Signal faults</h2>\n<p>Drops of one signal while the entity's other signals held: "
            + "a collector, exporter or prober problem first, so not raised as outages.</p>\n<ul class=\"faults\">\n"
        for f in faults {
            let span = "from \(UTCTime.format(f.start))" + (f.end.map { " until \(UTCTime.format($0))" } ?? ", ongoing")
            let held = f.held.isEmpty ? "" : " while \(f.held.map(\.rawValue).joined(separator: ", ")) held"
            html += "<li>\(HTMLText.escape(f.signal.rawValue)) −\(Int((f.drop * 100).rounded()))% \(span)\(HTMLText.escape(held))</li>\n"
        }
        return html + "</ul>\n"
    }

    /// One line per network of the country (and the mobile and fixed groups), each as % of
    /// its own normal, on the data-plane signal they share.
    private func networkChart(country: String, from: Int64, until: Int64, entities: [Entity], spans: [(Int64, Int64?)]) async throws -> String {
        var members = entities.filter { if case .asn = $0.id.kind { $0.country == country } else { false } }.map(\.id)
        for group in AccessGroup.allCases { members.append(EntityID(kind: .accessGroup(country: country, group: group))) }
        var lines: [SVGChart.Line] = []
        for id in members {
            let keys = try await store.seriesKeys(entity: id)
            guard let key = keys.first(where: { $0.signal == .traffic }) ?? keys.first(where: { $0.signal == .probing }) else { continue }
            let name = entities.first { $0.id == id }?.name ?? id.rawValue
            lines.append(try await PercentOfNormal.line(key, label: "\(name) (\(key.signal))", from: from, until: until, store: store))
        }
        guard !lines.isEmpty else { return "" }
        let chart = SVGChart(title: "Networks of \(country) as % of normal", from: from, until: until, lines: lines, events: spans)
        return "<h2>Networks</h2>\n" + chart.render()
    }
}

/// The frame shared by the HTML pages: readable on a phone, no external assets.
enum PageFrame {
    static func head(title: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTMLText.escape(title))</title>
        <style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem}
        svg.chart{width:100%;height:auto}table{border-collapse:collapse;width:100%}
        td,th{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #ddd}.ongoing{color:#D55E00;font-weight:bold}
        .state-outage{color:#D55E00;font-weight:bold}.state-disrupted{color:#E69F00;font-weight:bold}</style>
        </head><body><p><a href="/">Tocsin</a></p>

        """
    }

    static let foot = "</body></html>\n"
}

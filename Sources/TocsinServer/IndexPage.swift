import TocsinCore
import TocsinStore

/// The plain index page: the entities watched and the most recent events.
/// Every piece of text that comes from data is escaped.
struct IndexPage: Sendable {
    let store: any SignalStore

    func render() async throws -> String {
        let entities = try await store.entities()
        let events = try await store.events(EventQuery(limit: 50))
        let keys = Dictionary(grouping: try await store.seriesKeys(entity: nil), by: \.entity)
        var html = PageFrame.head(title: "Tocsin — Internet shutdown observatory")
        html += """
            <h1>Tocsin</h1>
            <p>Internet shutdown observatory. API: <a href="/api/entities">/api/entities</a>, <a href="/api/events">/api/events</a>,
            <a href="/openapi.json">/openapi.json</a>; feed: <a href="/feed.atom">/feed.atom</a>.</p>

            """
        html += try await countries(entities: entities, keys: keys)
        html += "<h2>Recent events</h2>\n"
        if events.isEmpty {
            html += "<p>No events detected.</p>\n"
        } else {
            html += "<table><thead><tr><th>Entity</th><th>Start (UTC)</th><th>End (UTC)</th><th>Severity</th><th>Signals</th><th>Scope</th><th>Cause</th></tr></thead><tbody>\n"
            for e in events {
                let end = e.end.map(UTCTime.format) ?? "<span class=\"ongoing\">ongoing</span>"
                let signals = e.signals.map { "\($0.signal) −\(Int(($0.drop * 100).rounded()))%" }.joined(separator: ", ")
                html += "<tr><td><a href=\"/event?id=\(HTMLText.escape(e.id))\">\(HTMLText.escape(e.entity.rawValue))</a></td><td>\(UTCTime.format(e.start))</td><td>\(end)</td>"
                html += "<td>\(Int((e.severity * 100).rounded()))%</td><td>\(HTMLText.escape(signals))</td>"
                html += "<td>\(e.scope.rawValue)</td><td>\(e.cause.rawValue)</td></tr>\n"
            }
            html += "</tbody></table>\n"
        }
        html += "<h2>Entities</h2>\n"
        if entities.isEmpty {
            html += "<p>No data yet. Import some with <code>tocsin import signals FILE</code> or drop Signals CSV files in the inbox folder.</p>\n"
        } else {
            html += "<table><thead><tr><th>Entity</th><th>Name</th><th>Country</th><th>Access</th><th>Signals</th></tr></thead><tbody>\n"
            for e in entities {
                let signals = (keys[e.id] ?? []).map(\.signal.rawValue).sorted().joined(separator: ", ")
                html += "<tr><td><a href=\"/entity?id=\(HTMLText.escape(e.id.rawValue))\">\(HTMLText.escape(e.id.rawValue))</a></td><td>\(HTMLText.escape(e.name))</td>"
                html += "<td>\(HTMLText.escape(e.country))</td><td>\(e.access.rawValue)</td><td>\(HTMLText.escape(signals))</td></tr>\n"
            }
            html += "</tbody></table>\n"
        }
        return html + PageFrame.foot
    }

    /// Every country with its state now (normal, disrupted, outage) and a sparkline of its
    /// last day on its main data-plane signal.
    private func countries(entities: [Entity], keys: [EntityID: [SeriesKey]]) async throws -> String {
        let countries = CountryState.countries(entities)
        guard !countries.isEmpty else { return "" }
        var html = "<h2>Countries</h2>\n<table><thead><tr><th>Country</th><th>State</th><th>Last 24 h</th></tr></thead><tbody>\n"
        for c in countries {
            let state = try await CountryState.of(c, store: store).state
            var spark = ""
            let mine = keys[c.id] ?? []
            if let key = mine.first(where: { $0.signal == .probing }) ?? mine.first(where: { $0.signal == .traffic }) ?? mine.first(where: { $0.signal == .bgp }),
               let range = try await store.timeRange(key) {
                let s = try await store.series(key, from: range.upperBound - 86_400 + TimeBin.seconds, until: range.upperBound + TimeBin.seconds)
                spark = Self.sparkline(s, label: "\(c.name): \(key.signal), last 24 hours")
            }
            let label = c.name == c.id.rawValue ? c.id.rawValue : "\(c.name) (\(c.id.rawValue))"
            html += "<tr><td><a href=\"/entity?id=\(HTMLText.escape(c.id.rawValue))\">\(HTMLText.escape(label))</a></td>"
            html += "<td class=\"state-\(state)\">\(state)</td><td>\(spark)</td></tr>\n"
        }
        return html + "</tbody></table>\n"
    }

    /// A 120×24 line of a series, scaled to its own range.
    static func sparkline(_ s: Series, label: String) -> String {
        let values = s.values.compactMap { $0 }
        guard let lo = values.min(), let hi = values.max(), let t0 = s.times.first, let t1 = s.times.last, t1 > t0 else { return "" }
        let points = zip(s.times, s.values).compactMap { t, v -> String? in
            guard let v else { return nil }
            let x = 120 * Double(t - t0) / Double(t1 - t0)
            let y = 22 - 20 * (hi > lo ? (v - lo) / (hi - lo) : 0.5)
            return "\(Int(x)),\(Int(y))"
        }
        return "<svg class=\"spark\" width=\"120\" height=\"24\" viewBox=\"0 0 120 24\" role=\"img\" aria-label=\"\(HTMLText.escape(label))\">"
            + "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"#0072B2\"/></svg>"
    }
}

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
        var html = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Tocsin — Internet shutdown observatory</title>
            <style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem}
            table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #ddd}
            .ongoing{color:#b35806;font-weight:bold}</style></head><body>
            <h1>Tocsin</h1>
            <p>Internet shutdown observatory. API: <a href="/api/entities">/api/entities</a>, <a href="/api/events">/api/events</a>.</p>
            <h2>Recent events</h2>

            """
        if events.isEmpty {
            html += "<p>No events detected.</p>\n"
        } else {
            html += "<table><thead><tr><th>Entity</th><th>Start (UTC)</th><th>End (UTC)</th><th>Severity</th><th>Signals</th><th>Scope</th><th>Cause</th></tr></thead><tbody>\n"
            for e in events {
                let end = e.end.map(UTCTime.format) ?? "<span class=\"ongoing\">ongoing</span>"
                let signals = e.signals.map { "\($0.signal) −\(Int(($0.drop * 100).rounded()))%" }.joined(separator: ", ")
                html += "<tr><td>\(HTMLText.escape(e.entity.rawValue))</td><td>\(UTCTime.format(e.start))</td><td>\(end)</td>"
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
        html += "</body></html>\n"
        return html
    }
}

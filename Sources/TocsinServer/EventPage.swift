import TocsinCore
import TocsinDetect
import TocsinStore

/// The page of one event: what happened in words, the timeline (each signal's onset and end,
/// the re-cuts linked to it, the networks rolled up into it), a chart of the event with a
/// margin on either side, and downloads of the points (CSV) and the chart (SVG).
struct EventPage: Sendable {
    let store: any SignalStore & ProbeLog
    /// Block changes listed as evidence at most.
    static let blockChangesShown = 50

    /// The event and the window charted around it (one event length either side, at least 6 h).
    func load(id: String) async throws -> (event: OutageEvent, from: Int64, until: Int64)? {
        // Ids end with the start time; look the event up around it.
        guard let startText = id.split(separator: "-").last, let start = Int64(startText) else { return nil }
        guard (0...SignalsCSV.latestTime).contains(start) else { return nil }
        // The id's time is the start of the episode that raised the event; the event may
        // begin earlier, so look at everything overlapping that moment.
        let candidates = try await store.events(EventQuery(from: start, until: start + 1, limit: 10_000))
        guard let event = candidates.first(where: { $0.id == id }) else { return nil }
        let end = event.end ?? (event.start + 6 * 3600)
        let margin = max(end - event.start, 6 * 3600)
        return (event, event.start - margin, end + margin)
    }

    func chart(_ event: OutageEvent, from: Int64, until: Int64) async throws -> SVGChart {
        var lines: [SVGChart.Line] = []
        for key in try await store.seriesKeys(entity: event.entity) where key.signal.family != .activity {
            lines.append(try await PercentOfNormal.line(key, label: key.signal.rawValue, from: from, until: until, store: store))
        }
        return Self.chart(event, from: from, until: until, lines: lines)
    }

    /// The event's chart from lines already drawn (one per signal).
    static func chart(_ event: OutageEvent, from: Int64, until: Int64, lines: [SVGChart.Line]) -> SVGChart {
        SVGChart(title: "\(event.entity.rawValue) around \(UTCTime.format(event.start))", from: from, until: until,
                 lines: lines, events: [(event.start, event.end)])
    }

    /// The raw points of the event's entity over the charted window, as Signals CSV.
    func csv(_ event: OutageEvent, from: Int64, until: Int64) async throws -> String {
        var out = SignalsCSV.header + "\n"
        for key in try await store.seriesKeys(entity: event.entity) {
            for p in try await store.series(key, from: from, until: until).points { out += SignalsCSV.line(p) + "\n" }
        }
        return out
    }

    /// The probed blocks of the event's entity that went down or came back from an hour
    /// before the event to an hour after it: Tocsin's own observations, each with its time.
    func blockChanges(_ event: OutageEvent) async throws -> String {
        // An event under way: everything since it began.
        let from = event.start - 3600, until = event.end.map { $0 + 3600 } ?? Int64.max / 2
        let changes = try await store.probeChanges(entity: event.entity, from: from, until: until, limit: Self.blockChangesShown + 1)
        guard !changes.isEmpty else { return "" }
        var html = "<h2>Probed blocks</h2>\n<ul class=\"blocks\">\n"
        html += changes.prefix(Self.blockChangesShown).map { "<li>\(HTMLText.escape($0.sentence))</li>\n" }.joined()
        if changes.count > Self.blockChangesShown {
            html += "<li>… more in <a href=\"/api/probing/changes?entity=\(HTMLText.escape(event.entity.rawValue))&amp;from=\(from)\(event.end == nil ? "" : "&amp;until=\(until)")\">the full list (JSON)</a></li>\n"
        }
        return html + "</ul>\n"
    }

    func render(_ event: OutageEvent, from: Int64, until: Int64) async throws -> String {
        let names = Dictionary(try await store.entities().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let sentence = AlertText.sentence(event, name: names[event.entity])
        var html = PageFrame.head(title: "\(sentence) — Tocsin")
        html += "<h1>\(HTMLText.escape(names[event.entity] ?? event.entity.rawValue))</h1>\n<p>\(HTMLText.escape(sentence)).</p>\n"
        html += "<p>Severity \(Int((event.severity * 100).rounded()))% · confidence \(Int((event.confidence * 100).rounded()))% · scope \(event.scope.rawValue) · cause \(event.cause.rawValue) · raised at \(UTCTime.format(event.detectedAt))</p>\n"
        let zone = LocalTime.zone(country: event.entity.country)
        html += "<h2>Timeline (UTC\(zone.map { ", with local time in \(HTMLText.escape($0.identifier))" } ?? ""))</h2>\n<ul>\n"
        var timeline: [(Int64, String)] = [(event.detectedAt, "raised by the detector")]
        for s in event.signals {
            timeline.append((s.start, "\(s.signal.rawValue) fell \(Int((s.drop * 100).rounded()))%"))
            if let end = s.end { timeline.append((end, "\(s.signal.rawValue) back to normal")) }
        }
        if let end = event.end { timeline.append((end, "end of the event")) }
        if let series = event.evidence.recurrenceOf {
            let recurrences = try await store.events(EventQuery(entity: event.entity, limit: 1000)).filter { $0.evidence.recurrenceOf == series || $0.id == series }
            for r in recurrences where r.id != event.id {
                timeline.append((r.start, "re-cut in the same series: <a href=\"/event?id=\(HTMLText.escape(r.id))\">\(UTCTime.format(r.start))</a>"))
            }
        }
        for (t, text) in timeline.sorted(by: { $0.0 < $1.0 }) {
            let local = zone.map { " (\(HTMLText.escape(LocalTime.format(t, in: $0))))" } ?? ""
            html += "<li>\(UTCTime.format(t))\(local): \(text.hasPrefix("re-cut") ? text : HTMLText.escape(text))</li>\n"
        }
        html += "</ul>\n"
        if let affected = event.evidence.affected, !affected.isEmpty {
            html += "<h2>Affected networks and groups</h2>\n<ul>\n" + affected.map { a in
                "<li><a href=\"/entity?id=\(HTMLText.escape(a.rawValue))\">\(HTMLText.escape(names[a] ?? a.rawValue))</a></li>\n"
            }.joined() + "</ul>\n"
        }
        html += "<h2>Evidence</h2>\n<ul>\n" + event.evidence.notes.map { "<li>\(HTMLText.escape($0))</li>\n" }.joined() + "</ul>\n"
        html += try await blockChanges(event)
        html += "<h2>Chart</h2>\n" + (try await chart(event, from: from, until: until)).render()
        let q = "id=\(HTMLText.escape(event.id))"
        html += "<p>Download: <a href=\"/event.csv?\(q)\">points (CSV)</a> · <a href=\"/event.svg?\(q)\">chart (SVG)</a> · <a href=\"/event.png?\(q)\">chart (PNG)</a> · <a href=\"/api/events?entity=\(HTMLText.escape(event.entity.rawValue))\">event (JSON)</a></p>\n"
        return html + PageFrame.foot
    }
}

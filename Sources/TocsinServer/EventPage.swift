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

    func render(_ event: OutageEvent, from: Int64, until: Int64, context: PageContext = .english) async throws -> String {
        let text = context.text
        let names = DisplayNames(try await store.entities())
        let sentence = AlertText.sentence(event, name: names.given[event.entity], text: text)
        var html = PageFrame.head(title: "\(sentence) — Tocsin", context: context)
        html += "<h1>\(HTMLText.escape(names[event.entity]))</h1>\n<p>\(HTMLText.escape(sentence)).</p>\n"
        let facts = [text.text("event.severity", ["percent": "\(Int((event.severity * 100).rounded()))"]),
                     text.text("event.confidence", ["percent": "\(Int((event.confidence * 100).rounded()))"]),
                     text["scope.label"] + ": " + text["scope.\(event.scope.rawValue)"], text["cause.label"] + ": " + text["cause.\(event.cause.rawValue)"],
                     text.text("event.raised", ["time": UTCTime.format(event.detectedAt)])]
        html += "<p>\(HTMLText.escape(facts.joined(separator: " · ")))</p>\n"
        let zone = LocalTime.zone(country: event.entity.country)
        let heading = zone.map { text.text("timeline.local", ["zone": $0.identifier]) } ?? text["timeline.utc"]
        html += "<h2>\(HTMLText.escape(heading))</h2>\n<ul>\n"
        // Each entry's text is already HTML (escaped here, or a link).
        var timeline: [(Int64, String)] = [(event.detectedAt, HTMLText.escape(text["timeline.raised"]))]
        for s in event.signals {
            timeline.append((s.start, HTMLText.escape(text.text("timeline.fell", ["signal": s.signal.rawValue, "percent": "\(Int((s.drop * 100).rounded()))"]))))
            if let end = s.end { timeline.append((end, HTMLText.escape(text.text("timeline.back", ["signal": s.signal.rawValue])))) }
        }
        if let end = event.end { timeline.append((end, HTMLText.escape(text["timeline.end"]))) }
        if let series = event.evidence.recurrenceOf {
            let recurrences = try await store.events(EventQuery(entity: event.entity, limit: 1000)).filter { $0.evidence.recurrenceOf == series || $0.id == series }
            for r in recurrences where r.id != event.id {
                timeline.append((r.start, HTMLText.escape(text["timeline.recut"]) + ": <a href=\"/event?id=\(HTMLText.escape(r.id))\">\(UTCTime.format(r.start))</a>"))
            }
        }
        for (t, entry) in timeline.sorted(by: { $0.0 < $1.0 }) {
            let local = zone.map { " (\(HTMLText.escape(LocalTime.format(t, in: $0))))" } ?? ""
            html += "<li>\(UTCTime.format(t))\(local): \(entry)</li>\n"
        }
        html += "</ul>\n"
        if let affected = event.evidence.affected, !affected.isEmpty {
            html += "<h2>\(HTMLText.escape(text["event.affected"]))</h2>\n<ul>\n" + affected.map { a in
                "<li><a href=\"/entity?id=\(HTMLText.escape(a.rawValue))\">\(HTMLText.escape(names[a]))</a></li>\n"
            }.joined() + "</ul>\n"
        }
        html += "<h2>\(HTMLText.escape(text["event.evidence"]))</h2>\n<ul>\n" + event.evidence.notes.map { "<li>\(HTMLText.escape($0))</li>\n" }.joined() + "</ul>\n"
        html += try await blockChanges(event)
        var chart = try await chart(event, from: from, until: until).reading(text, zone: zone, zoomBase: "/entity?id=\(event.entity.rawValue)")
        chart.title = text.text("chart.event", ["name": names[event.entity], "time": AlertText.stamp(event.start)])
        html += "<h2>\(HTMLText.escape(text["event.chart"]))</h2>\n" + chart.figure() + "<p>\(HTMLText.escape(text["chart.howTo"]))</p>\n"
        let q = "id=\(HTMLText.escape(event.id))"
        let links = [("/event.csv?\(q)", "download.csv"), ("/event.svg?\(q)", "download.svg"), ("/event.png?\(q)", "download.png"),
                     ("/event.card.png?\(q)", "download.card"), ("/embed?\(q)", "download.embed"),
                     ("/api/events?entity=\(HTMLText.escape(event.entity.rawValue))", "download.json")]
        html += "<p>\(HTMLText.escape(text["download.label"])): " + links.map { "<a href=\"\($0.0)\">\(HTMLText.escape(text[$0.1]))</a>" }.joined(separator: " · ") + "</p>\n"
        html += "<p><label for=\"embed-code\">\(HTMLText.escape(text["embed.code"]))</label><br><textarea id=\"embed-code\" readonly rows=\"2\" cols=\"60\">"
        // Escaped twice: the snippet's own values for the page it is pasted into, then the
        // snippet for this page's textarea.
        let snippet = "<iframe src=\"\(HTMLText.escape(context.origin))/embed?id=\(HTMLText.escape(event.id))\" width=\"720\" height=\"360\" title=\"\(HTMLText.escape(sentence))\"></iframe>"
        html += HTMLText.escape(snippet) + "</textarea></p>\n"
        return html + PageFrame.foot
    }
}

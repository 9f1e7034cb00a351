import Foundation
import TocsinCore
import TocsinDetect
import TocsinStore

/// The page of one entity: each signal as % of its expected level with the expected band and
/// events shaded, a range picker, the entity's events and signal faults in words, and — for a
/// country — one line per network, the chart observers post.
struct EntityPage: Sendable {
    let store: any SignalStore

    /// Lines on the networks chart at most (its legend and the small multiples stay legible).
    static let networksShown = 12

    static let ranges: [(String, Int64)] = [("6h", 6 * 3600), ("24h", 86_400), ("7d", 7 * 86_400), ("30d", 30 * 86_400)]

    /// `from` with `now` gives a custom range (at most 366 days); otherwise `range` names one.
    func render(entity: EntityID, range name: String, now: Int64?, from customFrom: Int64? = nil, context: PageContext = .english) async throws -> String {
        let text = context.text
        var span = Self.ranges.first { $0.0 == name }?.1 ?? 7 * 86_400
        let keys = try await store.seriesKeys(entity: entity).filter { $0.signal.family != .activity }
        var latest: Int64 = 0
        for key in keys { if let r = try await store.timeRange(key) { latest = max(latest, r.upperBound + TimeBin.seconds) } }
        let until = now ?? latest
        let custom = customFrom.map { $0 < until && until - $0 <= APIRoutes.maxRange } ?? false
        if custom, let customFrom { span = until - customFrom }
        let from = until - span
        let entities = try await store.entities()
        let names = DisplayNames(entities)
        let title = names.titled(entity)
        let zone = LocalTime.zone(country: entity.country ?? entities.first { $0.id == entity }?.country)
        let base = "/entity?id=\(entity.rawValue)"
        let events = try await store.events(EventQuery(entity: entity, from: from, until: until, limit: 200))
        var html = PageFrame.head(title: "\(title) — Tocsin", context: context)
        html += "<h1>\(HTMLText.escape(title))</h1>\n<nav class=\"ranges\" aria-label=\"\(HTMLText.escape(text["range.label"]))\">\(HTMLText.escape(text["range.label"])): "
        html += Self.ranges.map { r in
            r.0 == name && !custom ? "<strong>\(r.0)</strong>" : "<a href=\"/entity?id=\(HTMLText.escape(entity.rawValue))&amp;range=\(r.0)\">\(r.0)</a>"
        }.joined(separator: " · ")
        html += " · \(HTMLText.escape(text["range.custom"])): <form class=\"custom\" method=\"get\" action=\"/entity\"><input type=\"hidden\" name=\"id\" value=\"\(HTMLText.escape(entity.rawValue))\">"
        html += "<label>\(HTMLText.escape(text["range.from"])) <input name=\"from\" value=\"\(UTCTime.format(from))\" size=\"20\"></label> "
        html += "<label>\(HTMLText.escape(text["range.until"])) <input name=\"until\" value=\"\(UTCTime.format(until))\" size=\"20\"></label> <button>\(HTMLText.escape(text["range.show"]))</button></form>"
        html += "</nav>\n<p>\(HTMLText.escape(text.text("range.shown", ["from": TimeText.moment(from, zone: zone), "until": TimeText.moment(until, zone: zone)])))"
        let permalink = "\(base)&from=\(UTCTime.format(from))&until=\(UTCTime.format(until))"
        html += " <a class=\"permalink\" href=\"\(HTMLText.escape(permalink))\">\(HTMLText.escape(text["range.permalink"]))</a> · \(HTMLText.escape(text["chart.howTo"]))</p>\n"
        let spans = events.map { ($0.start, $0.end) }
        for key in keys {
            let line = try await PercentOfNormal.line(key, label: key.signal.rawValue, from: from, until: until, store: store, withBand: true)
            let chart = SVGChart(title: text.text("chart.title", ["name": title, "signal": key.signal.rawValue]), from: from, until: until, lines: [line], events: spans)
                .reading(text, zone: zone, zoomBase: base)
            html += "<h2>\(HTMLText.escape(key.signal.rawValue))</h2>\n" + chart.figure()
        }
        if case .country(let cc) = entity.kind {
            html += try await networkCharts(country: cc, title: names[entity], from: from, until: until, entities: entities, names: names, spans: spans,
                                            base: base, zone: zone, text: text)
        }
        html += "<h2>\(HTMLText.escape(text["events.title"]))</h2>\n"
        html += events.isEmpty ? "<p>\(HTMLText.escape(text["events.none"]))</p>\n"
            : "<ul>\n" + events.map { e in
                "<li><a href=\"/event?id=\(HTMLText.escape(e.id))\">\(HTMLText.escape(AlertText.sentence(e, name: names.given[e.entity], text: text)))</a> "
                    + "(\(HTMLText.escape(text["cause.label"])): \(HTMLText.escape(text["cause.\(e.cause.rawValue)"])), \(HTMLText.escape(text.text("event.confidence", ["percent": "\(Int((e.confidence * 100).rounded()))"]))))</li>\n"
            }.joined() + "</ul>\n"
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
    /// its own normal, on the data-plane signal they share; then the same as small multiples,
    /// one little chart each on a shared axis, for when the lines lie on top of each other.
    /// At most `networksShown` lines: the access groups, then the networks with events in the
    /// range, then the others; the rest are a search away.
    private func networkCharts(country: String, title: String, from: Int64, until: Int64, entities: [Entity], names: DisplayNames,
                               spans: [(Int64, Int64?)], base: String, zone: TimeZone?, text: Catalogue) async throws -> String {
        let networks = entities.filter { if case .asn = $0.id.kind { $0.country == country } else { false } }.map(\.id)
        let hit = Set(try await store.events(EventQuery(from: from, until: until, limit: 10_000)).map(\.entity))
        var members = AccessGroup.allCases.map { EntityID(kind: .accessGroup(country: country, group: $0)) }
        members += networks.filter { hit.contains($0) } + networks.filter { !hit.contains($0) }
        var lines: [SVGChart.Line] = []
        for id in members where lines.count < Self.networksShown {
            let keys = try await store.seriesKeys(entity: id)
            guard let key = keys.first(where: { $0.signal == .traffic }) ?? keys.first(where: { $0.signal == .probing }) else { continue }
            lines.append(try await PercentOfNormal.line(key, label: "\(names[id]) (\(key.signal))", from: from, until: until, store: store))
        }
        guard !lines.isEmpty else { return "" }
        let chart = SVGChart(title: text.text("chart.networks", ["name": title]), from: from, until: until, lines: lines, events: spans)
            .reading(text, zone: zone, zoomBase: base)
        var html = "<h2>\(HTMLText.escape(text["networks.title"]))</h2>\n" + chart.figure()
        if lines.count == Self.networksShown, members.count > lines.count {
            html += "<p><a href=\"/search?q=\(HTMLText.escape(country))\">\(HTMLText.escape(text.text("networks.more", ["n": "\(members.count - lines.count)"])))</a></p>\n"
        }
        guard lines.count > 1 else { return html }
        let top = max(lines.flatMap { SVGChart.thinned($0).points.compactMap(\.1) }.max() ?? 100, 1) * 1.05
        html += "<h3>\(HTMLText.escape(text["networks.multiples"]))</h3>\n<div class=\"multiples\">\n"
        for (i, line) in lines.enumerated() {
            var small = chart
            small.title = line.label
            small.lines = [line]
            small.firstColour = i
            small.maxValue = top
            small.width = 480
            small.height = 170
            html += small.figure()
        }
        return html + "</div>\n"
    }
}

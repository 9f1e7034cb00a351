import Foundation
import TocsinCore
import TocsinStore

/// The front page: a world map of every country's state (now, or the worst of the last 24 h
/// or 7 days), the incidents under way and of the last days, one line each, and the watched
/// countries as a table (the map in words). "Now" is the newest data's time, so a replayed
/// scenario reads as it did live; `until` pins it for a permalink.
struct OverviewPage: Sendable {
    let store: any SignalStore

    /// The map's windows: "now" is the events under way.
    static let windows: [(name: String, seconds: Int64)] = [("now", 0), ("24h", 86_400), ("7d", 7 * 86_400)]
    /// How many days of ended incidents the overview lists by default.
    static let days = 7
    /// Ended incidents listed at most (the rest are in `/api/incidents`).
    static let shownEnded = 100

    func render(context: PageContext, window: String?, days: Int?, until: Int64?) async throws -> String {
        let text = context.text
        let entities = try await store.entities()
        let names = DisplayNames(entities)
        let now = try await Self.now(store: store, entities: entities, until: until)
        let span = Self.windows.first { $0.name == window } ?? Self.windows[0]
        let days = min(max(days ?? Self.days, 1), 366)
        let incidents = try await Self.incidents(store: store, entities: entities, from: now - max(Int64(days) * 86_400, span.seconds), until: now)
        var html = PageFrame.head(title: "Tocsin — \(text["overview.title"])", context: context)
        html += "<h1>\(HTMLText.escape(text["overview.title"]))</h1>\n"
        html += "<p>\(HTMLText.escape(text.text("overview.asOf", ["time": AlertText.stamp(now)])))</p>\n"

        html += "<section aria-labelledby=\"map-title\"><h2 id=\"map-title\">\(HTMLText.escape(text["map.title"]))</h2>\n<nav class=\"window\" aria-label=\"\(HTMLText.escape(text["map.window"]))\">"
        html += Self.windows.map { w in
            let label = HTMLText.escape(text["map.window.\(w.name)"])
            // A pinned moment stays pinned as the window changes.
            let pinned = until.map { "&amp;until=\($0)" } ?? ""
            return w.name == span.name ? "<strong aria-current=\"page\">\(label)</strong>" : "<a href=\"/?window=\(w.name)\(pinned)\">\(label)</a>"
        }.joined(separator: " · ") + "</nav>\n"
        let states = Self.states(incidents, from: span.seconds == 0 ? nil : now - span.seconds, until: now, entities: entities)
        html += WorldMap().render(states: states, names: Dictionary(states.keys.map { ($0, names[EntityID(kind: .country($0))]) }, uniquingKeysWith: { a, _ in a }),
                                  text: text, caption: text["map.caption.\(span.name)"])
        let offMap = states.keys.filter { WorldMap.names[$0] == nil }.sorted()
        if !offMap.isEmpty {
            html += "<p>\(HTMLText.escape(text["map.offMap"])) " + offMap.map { cc in
                "<a href=\"/entity?id=country/\(HTMLText.escape(cc))\">\(HTMLText.escape(names[EntityID(kind: .country(cc))]))</a>: \(HTMLText.escape(text["state.\(states[cc]!.rawValue)"]))"
            }.joined(separator: ", ") + "</p>\n"
        }
        html += "</section>\n"

        let ongoing = incidents.filter(\.isOngoing)
        let ended = incidents.filter { !$0.isOngoing && ($0.end ?? .max) >= now - Int64(days) * 86_400 }
        let list = IncidentList(store: store, names: names, text: text)
        html += "<section aria-labelledby=\"ongoing-title\"><h2 id=\"ongoing-title\">\(HTMLText.escape(text["incidents.ongoing"]))</h2>\n"
        html += try await list.render(Array(ongoing.prefix(Self.shownEnded)), now: now) + "</section>\n"
        html += "<section aria-labelledby=\"recent-title\"><h2 id=\"recent-title\">\(HTMLText.escape(text.text("incidents.recent", ["days": "\(days)"])))</h2>\n"
        html += try await list.render(Array(ended.prefix(Self.shownEnded)), now: now)
        if ended.count > Self.shownEnded {
            html += "<p><a href=\"/api/incidents?days=\(days)\">\(HTMLText.escape(text.text("incidents.more", ["n": "\(ended.count - Self.shownEnded)"])))</a></p>\n"
        }
        html += "</section>\n"
        html += try await countryTable(entities: entities, names: names, states: Self.states(incidents, from: nil, until: now, entities: entities),
                                       now: now, text: text)
        html += "<p>\(HTMLText.escape(text["overview.data"])) <a href=\"/api/incidents\">/api/incidents</a> · <a href=\"/api/events\">/api/events</a> · "
        html += "<a href=\"/feed.atom\">/feed.atom</a> · <a href=\"/openapi.json\">/openapi.json</a> · <a href=\"/search\">\(HTMLText.escape(text["search.all"]))</a></p>\n"
        return html + PageFrame.foot
    }

    /// The newest point of any country's series (or any series, without countries), else the
    /// clock; `until`, when given, if it is earlier (a moment after the newest data shows the newest data).
    static func now(store: any SignalStore, entities: [Entity], until: Int64? = nil) async throws -> Int64 {
        let countries = CountryState.countries(entities).map(\.id)
        var keys: [SeriesKey] = []
        for id in countries { keys += try await store.seriesKeys(entity: id) }
        if keys.isEmpty { keys = Array(try await store.seriesKeys(entity: nil).prefix(200)) }
        var latest: Int64?
        for key in keys where key.signal.family != .activity {
            if let r = try await store.timeRange(key) { latest = max(latest ?? .min, r.upperBound + TimeBin.seconds) }
        }
        let newest = latest ?? Int64(Date().timeIntervalSince1970)
        return until.map { min(max($0, 0), newest) } ?? newest
    }

    /// The incidents that overlap `from..<until`, latest first (of one `country`, its networks'
    /// own included, when given). Events from two days earlier are read too, so an incident
    /// that began before the window is whole.
    static func incidents(store: any SignalStore, entities: [Entity], from: Int64, until: Int64, country: String? = nil) async throws -> [Incident] {
        // As the observatory saw it at `until`: what began later is left out, what ended later was under way.
        let events = try await store.events(EventQuery(from: from - IncidentGrouping.recutGap * 2, until: until, limit: 10_000)).map { event in
            var seen = event
            if let end = event.end, end > until { seen.end = nil }
            return seen
        }.filter { $0.start < until && $0.detectedAt <= until }
        let byID = Dictionary(entities.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return IncidentGrouping.incidents(events, entities: byID).filter { incident in
            (incident.end ?? .max) >= from && incident.start < until
                && country.map { $0 == (incident.entity.country ?? byID[incident.entity]?.country) } ?? true
        }
    }

    /// Each watched country's state over `from..<until` (nil: at `until`): an incident of the
    /// country itself at least half deep is an outage, a shallower one or one of its networks,
    /// groups or regions a disruption.
    static func states(_ incidents: [Incident], from: Int64?, until: Int64, entities: [Entity]) -> [String: WorldMap.State] {
        var states: [String: WorldMap.State] = [:]
        for country in CountryState.countries(entities) { if case .country(let cc) = country.id.kind { states[cc] = .normal } }
        let country: [EntityID: String] = Dictionary(entities.map { ($0.id, $0.country) }, uniquingKeysWith: { a, _ in a })
        for incident in incidents {
            func inWindow(_ e: OutageEvent) -> Bool {
                from.map { e.start < until && (e.end ?? .max) >= $0 } ?? (e.start <= until && (e.end.map { $0 > until } ?? true))
            }
            // A part still down after the cuts ended disrupts the country, no more.
            let deepest = incident.cuts.filter(inWindow).map(\.severity).max()
            guard deepest != nil || incident.parts.contains(where: inWindow),
                  let cc = incident.entity.country ?? country[incident.entity], !cc.isEmpty else { continue }
            let state: WorldMap.State = if case .country = incident.entity.kind, (deepest ?? 0) >= 0.5 { .outage } else { .disrupted }
            if state == .outage || states[cc] != .outage { states[cc] = state }
        }
        return states
    }

    /// The watched countries with their state now and a sparkline of the last day: the map
    /// in words, for readers who cannot see it.
    private func countryTable(entities: [Entity], names: DisplayNames, states: [String: WorldMap.State], now: Int64, text: Catalogue) async throws -> String {
        let countries = CountryState.countries(entities)
        guard !countries.isEmpty else { return "<p>\(HTMLText.escape(text["overview.empty"]))</p>\n" }
        var html = "<section aria-labelledby=\"countries-title\"><h2 id=\"countries-title\">\(HTMLText.escape(text["countries.title"]))</h2>\n"
        html += "<table><thead><tr><th scope=\"col\">\(HTMLText.escape(text["countries.country"]))</th><th scope=\"col\">\(HTMLText.escape(text["countries.state"]))</th>"
        html += "<th scope=\"col\">\(HTMLText.escape(text["countries.lastDay"]))</th></tr></thead><tbody>\n"
        for c in countries.sorted(by: { names[$0.id] < names[$1.id] }) {
            guard case .country(let cc) = c.id.kind else { continue }
            let state = states[cc] ?? .normal
            var spark = ""
            if let key = MainSignal.of(try await store.seriesKeys(entity: c.id)) {
                let s = try await store.series(key, from: now - 86_400, until: now)
                spark = Sparkline(BinAverages(s, from: now - 86_400, until: now, maxPoints: 120),
                                  label: text.text("sparkline.label", ["name": names[c.id], "signal": key.signal.rawValue])).render()
            }
            html += "<tr><td><a href=\"/entity?id=\(HTMLText.escape(c.id.rawValue))\">\(HTMLText.escape(names.titled(c.id)))</a></td>"
            html += "<td class=\"state-\(state.rawValue)\">\(HTMLText.escape(text["state.\(state.rawValue)"]))</td><td>\(spark)</td></tr>\n"
        }
        return html + "</tbody></table></section>\n"
    }
}

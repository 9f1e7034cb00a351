import Foundation
import TocsinCore
import TocsinStore

/// The incidents of the overview, one line each: who and what in words, start in UTC and
/// local time, how long, how deep, the cause, a sparkline, and the cuts and rolled-up parts
/// one click away (`<details>`, no script needed).
struct IncidentList: Sendable {
    let store: any SignalStore
    let names: DisplayNames
    let text: Catalogue

    func render(_ incidents: [Incident], now: Int64) async throws -> String {
        guard !incidents.isEmpty else { return "<p>\(HTMLText.escape(text["incidents.none"]))</p>\n" }
        var html = "<ol class=\"incidents\">\n"
        for incident in incidents { html += try await row(incident, now: now) }
        return html + "</ol>\n"
    }

    func row(_ incident: Incident, now: Int64) async throws -> String {
        let zone = LocalTime.zone(country: incident.entity.country ?? incident.parts.first?.entity.country)
        let name = names[incident.entity]
        let latest = incident.cuts.last!
        let what = text["scope.\(incident.scope.rawValue)"]
        var facts: [String] = []
        facts.append((incident.isOngoing ? text["incident.since"] : text["incident.from"]) + " " + TimeText.moment(incident.start, zone: zone))
        let length = (incident.end ?? now) - incident.start
        facts.append(text.text(incident.isOngoing ? "incident.ongoingFor" : "incident.lasted", ["duration": TimeText.duration(length, text: text)]))
        if incident.cuts.count > 1 { facts.append(text.text("incident.cuts", ["n": "\(incident.cuts.count)"])) }
        facts.append(text.text("incident.depth", ["percent": "\(Int(((1 - incident.severity) * 100).rounded()))"]))
        facts.append(text["cause.label"] + ": " + text["cause.\(incident.cause.rawValue)"])
        var html = "<li class=\"incident\" data-entity=\"\(HTMLText.escape(incident.entity.rawValue))\" data-incident=\"\(HTMLText.escape(incident.id))\""
        html += " data-state=\"\(incident.isOngoing ? "ongoing" : "ended")\">\n<div><div class=\"what\"><a href=\"/event?id=\(HTMLText.escape(latest.id))\">\(HTMLText.escape(name))</a> — \(HTMLText.escape(what))"
        if incident.isOngoing { html += " <span class=\"ongoing\">\(HTMLText.escape(text["incident.ongoing"]))</span>" }
        html += "</div>\n<div class=\"facts\">\(HTMLText.escape(facts.joined(separator: " · ")))</div></div>\n"
        html += "<div>\(try await sparkline(incident, now: now, name: name))</div>\n"
        html += details(incident)
        return html + "</li>\n"
    }

    /// The cuts with their links, and each rolled-up entity once with its deepest drop.
    private func details(_ incident: Incident) -> String {
        let parts = Dictionary(grouping: incident.parts, by: \.entity)
        let summary = parts.isEmpty
            ? text.text("incident.cutsOnly", ["n": "\(incident.cuts.count)"])
            : text.text("incident.partsSummary", ["n": "\(parts.count)"])
        var html = "<details><summary>\(HTMLText.escape(summary))</summary>\n"
        if !parts.isEmpty {
            html += "<ul class=\"parts\">\n"
            for (entity, events) in parts.sorted(by: { (IncidentGrouping.rank($0.key), $0.key) < (IncidentGrouping.rank($1.key), $1.key) }) {
                let deepest = events.max { $0.severity < $1.severity }!
                html += "<li><a href=\"/entity?id=\(HTMLText.escape(entity.rawValue))\">\(HTMLText.escape(names.titled(entity)))</a>: "
                html += HTMLText.escape(text.text("incident.depth", ["percent": "\(Int(((1 - deepest.severity) * 100).rounded()))"]))
                html += " (<a href=\"/event?id=\(HTMLText.escape(deepest.id))\">\(HTMLText.escape(AlertText.stamp(deepest.start)))</a>)</li>\n"
            }
            html += "</ul>\n"
        }
        html += "<ol class=\"cuts\">\n" + incident.cuts.map { cut in
            let span = cut.end.map { "\(AlertText.stamp(cut.start)) – \(AlertText.stamp($0))" } ?? "\(AlertText.stamp(cut.start)) – \(text["incident.ongoing"])"
            return "<li><a href=\"/event?id=\(HTMLText.escape(cut.id))\">\(HTMLText.escape(span))</a></li>\n"
        }.joined() + "</ol>\n"
        return html + "</details>\n"
    }

    /// The incident's entity on its main data-plane signal, from 3 h before to 3 h after.
    private func sparkline(_ incident: Incident, now: Int64, name: String) async throws -> String {
        let keys = try await store.seriesKeys(entity: incident.entity)
        guard let key = MainSignal.of(keys) else { return "" }
        let until = min((incident.end ?? now) + 3 * 3600, now)
        let from = max(incident.start - 3 * 3600, until - 30 * 86_400)
        guard until > from else { return "" }
        let series = try await store.series(key, from: from, until: until)
        let label = text.text("sparkline.label", ["name": name, "signal": key.signal.rawValue])
        return Sparkline(BinAverages(series, from: from, until: until, maxPoints: 120), label: label).render()
    }
}

import TocsinCore

/// Says an event the way observers post it: "Kazakhstan: nation-scale Internet disruption
/// since 2022-01-05 10:30 UTC; connectivity at 2% of ordinary levels; routes still announced
/// — data-plane blocking", in the catalogue's language.
public enum AlertText {
    public static func sentence(_ event: OutageEvent, name: String?, text: Catalogue = .english) -> String {
        let who = name ?? event.entity.rawValue
        let what = text["alert.scope.\(event.scope.rawValue)"]
        let when = event.end.map { text.text("alert.fromTo", ["start": stamp(event.start), "end": stamp($0)]) }
            ?? text.text("alert.since", ["time": stamp(event.start)])
        var parts = ["\(who): \(what) \(when)", text.text("alert.level", ["percent": "\(Int(((1 - event.severity) * 100).rounded()))"])]
        let bgp = event.signals.filter { $0.signal.family == .bgp }.map(\.drop).max()
        if let bgp, bgp >= 0.5 {
            parts.append(text.text("alert.withdrawn", ["percent": "\(Int((bgp * 100).rounded()))"]))
        } else if event.evidence.notes.contains(where: { $0.contains("routes stayed announced") }) {
            parts.append(text["alert.announced"])
        }
        if event.cause != .unknown { parts.append(text.text("alert.cause", ["cause": text["cause.\(event.cause.rawValue)"]])) }
        return parts.joined(separator: "; ")
    }

    /// `2022-01-05 10:30 UTC`
    static func stamp(_ t: Int64) -> String {
        let iso = UTCTime.format(t)
        return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(5)) + " UTC"
    }
}

extension AlertText {
    /// An incident said as one event from its first start to its last end at its deepest,
    /// with the number of cuts when there were several.
    public static func sentence(_ incident: Incident, name: String?, text: Catalogue = .english) -> String {
        guard var whole = incident.cuts.last else { return name ?? incident.entity.rawValue }
        whole.start = incident.start
        whole.end = incident.end
        whole.severity = incident.severity
        whole.cause = incident.cause
        whole.signals = incident.cuts.flatMap(\.signals)
        let sentence = self.sentence(whole, name: name, text: text)
        return incident.cuts.count > 1 ? sentence + "; " + text.text("incident.cuts", ["n": "\(incident.cuts.count)"]) : sentence
    }
}

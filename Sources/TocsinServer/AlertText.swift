import TocsinCore

/// Says an event the way observers post it: "Kazakhstan: nation-scale Internet disruption
/// since 2022-01-05 10:30 UTC; connectivity at 2% of ordinary levels; routes still announced
/// — data-plane blocking".
public enum AlertText {
    public static func sentence(_ event: OutageEvent, name: String?) -> String {
        let who = name ?? event.entity.rawValue
        let what: String = switch event.scope {
        case .national: "nation-scale Internet disruption"
        case .regional: "regional Internet disruption"
        case .network: "network disruption"
        case .mobile: "mobile Internet disruption"
        case .fixed: "fixed-line Internet disruption"
        }
        let when = event.end.map { "from \(stamp(event.start)) to \(stamp($0))" } ?? "since \(stamp(event.start))"
        var parts = ["\(who): \(what) \(when)", "connectivity at \(Int(((1 - event.severity) * 100).rounded()))% of ordinary levels"]
        let bgp = event.signals.filter { $0.signal.family == .bgp }.map(\.drop).max()
        if let bgp, bgp >= 0.5 {
            parts.append("routes withdrawn (\(Int((bgp * 100).rounded()))% of address space unrouted)")
        } else if event.evidence.notes.contains(where: { $0.contains("routes stayed announced") }) {
            parts.append("routes still announced — data-plane blocking")
        }
        if event.cause != .unknown { parts.append("likely cause: \(event.cause.rawValue)") }
        return parts.joined(separator: "; ")
    }

    /// `2022-01-05 10:30 UTC`
    static func stamp(_ t: Int64) -> String {
        let iso = UTCTime.format(t)
        return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(5)) + " UTC"
    }
}

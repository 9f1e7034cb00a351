import Foundation
import TocsinCore

/// Finds watched countries, regions, access groups and networks by name, code or AS number:
/// "Kcell", "kazakh", "KZ", "29355", "AS29355", "region/KZ-ALA". Case and accents are
/// ignored. Exact codes and numbers rank first, then names that begin with the words, then
/// names and identifiers that contain them and, for a country code, everything in the country.
struct EntitySearch: Sendable {
    /// One entity found, with the name shown for it.
    struct Match: Sendable, Encodable {
        var entity: String
        var name: String
        var country: String
        var kind: String
    }

    let entities: [Entity]
    let names: DisplayNames

    func find(_ query: String, limit: Int = 50) -> [Match] {
        let q = Self.folded(query.trimmingCharacters(in: .whitespaces))
        let ranked: [(Int, Entity)] = entities.compactMap { e in
            guard !q.isEmpty else { return (4, e) }
            return rank(e, q).map { ($0, e) }
        }
        return ranked.sorted { ($0.0, IncidentGrouping.rank($0.1.id), names[$0.1.id]) < ($1.0, IncidentGrouping.rank($1.1.id), names[$1.1.id]) }
            .prefix(limit).map { _, e in
                Match(entity: e.id.rawValue, name: names[e.id], country: e.country, kind: Self.kind(e.id))
            }
    }

    /// 0 an exact identifier, code or AS number; 1 a name beginning with the query; 2 a word
    /// of the name beginning with it; 3 the name or identifier containing it; nil no match.
    private func rank(_ e: Entity, _ q: String) -> Int? {
        let id = Self.folded(e.id.rawValue)
        let number = q.hasPrefix("as") ? String(q.dropFirst(2)) : q
        if id == q { return 0 }
        if case .asn(let n) = e.id.kind, number == String(n) { return 0 }
        if case .country(let cc) = e.id.kind, q == Self.folded(cc) { return 0 }
        if case .region(_, let code) = e.id.kind, q == Self.folded(code) { return 0 }
        let name = Self.folded(names[e.id])
        if name.hasPrefix(q) { return 1 }
        if name.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).contains(where: { $0.hasPrefix(q) }) { return 2 }
        if name.contains(q) || id.contains(q) || Self.folded(e.country) == q { return 3 }
        return nil
    }

    static func folded(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    static func kind(_ id: EntityID) -> String {
        switch id.kind {
        case .country: "country"
        case .region: "region"
        case .asn: "network"
        case .accessGroup(_, let group): group.rawValue
        }
    }
}

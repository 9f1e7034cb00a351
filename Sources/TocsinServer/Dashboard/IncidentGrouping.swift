import TocsinCore

/// Groups events into incidents. An event of a country, an access group, a region or a
/// network joins, as a part, the incident of a wider entity of the same country whose cut it
/// overlaps (a network into its country's shutdown, or into its access group's when the
/// country held); otherwise it is a cut of its own entity's incident when it began within
/// `recutGap` of that incident's last cut ending (a restoration and a re-cut, or the nights
/// of a curfew) or belongs to the same recurring series; otherwise it opens an incident.
public enum IncidentGrouping {
    /// The longest restoration between two cuts of one incident.
    public static let recutGap: Int64 = 24 * 3600
    /// How far apart two events may start or end and still count as overlapping.
    static let slack: Int64 = 30 * 60

    /// Incidents latest first. `entities` gives the country and access type of networks.
    public static func incidents(_ events: [OutageEvent], entities: [EntityID: Entity]) -> [Incident] {
        var incidents: [Incident] = []
        var wider: [String: [Int]] = [:]  // country → incidents of a country or access group, oldest first
        var latest: [EntityID: Int] = [:]  // entity → its latest incident
        let ordered = events.sorted { (rank($0.entity), $0.start, $0.entity) < (rank($1.entity), $1.start, $1.entity) }
        for event in ordered {
            let country = event.entity.country ?? entities[event.entity]?.country
            if let whole = (wider[country ?? ""] ?? []).first(where: { i in
                contains(incidents[i].entity, event.entity, country: country, entities: entities) && incidents[i].cuts.contains { overlaps($0, event) }
            }) {
                incidents[whole].parts.append(event)
            } else if let own = latest[event.entity], continues(incidents[own], with: event) {
                incidents[own].cuts.append(event)
            } else {
                incidents.append(Incident(id: event.id, entity: event.entity, cuts: [event], parts: []))
                latest[event.entity] = incidents.count - 1
                if rank(event.entity) < 2, let country { wider[country, default: []].append(incidents.count - 1) }
            }
        }
        return incidents.sorted { ($0.start, $0.id) > ($1.start, $1.id) }
    }

    /// Countries first, then access groups, regions, networks.
    static func rank(_ id: EntityID) -> Int {
        switch id.kind {
        case .country: 0
        case .accessGroup: 1
        case .region: 2
        case .asn: 3
        }
    }

    /// Whether `wider` takes in `narrower`: a country its groups, regions and networks; an
    /// access group the networks of its country with that access type.
    static func contains(_ wider: EntityID, _ narrower: EntityID, country: String?, entities: [EntityID: Entity]) -> Bool {
        guard rank(wider) < rank(narrower), let country, wider.country == country else { return false }
        switch (wider.kind, narrower.kind) {
        case (.country, _): return true
        case (.accessGroup(_, let group), .asn): return entities[narrower]?.access.rawValue == group.rawValue
        default: return false
        }
    }

    static func overlaps(_ a: OutageEvent, _ b: OutageEvent) -> Bool {
        // Under way counts as lasting for ever (half of Int64's range leaves room for the slack).
        let aEnd = a.end ?? .max / 2, bEnd = b.end ?? .max / 2
        return a.start <= bEnd + slack && b.start <= aEnd + slack
    }

    static func continues(_ incident: Incident, with event: OutageEvent) -> Bool {
        if let series = event.evidence.recurrenceOf, incident.cuts.contains(where: { $0.id == series || $0.evidence.recurrenceOf == series }) {
            return true
        }
        guard let end = incident.end else { return true }
        return event.start - end <= recutGap
    }
}

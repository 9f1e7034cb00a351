import TocsinCore
import TocsinStore

/// A country's state now, as `/api/summary` gives it and the overview's map colours it
/// (`OverviewPage.states`): `outage` while an incident of the country itself at least half
/// deep is under way, `disrupted` for a shallower one or one of its networks, access groups
/// or regions, else `normal`; with the country's own event under way, if any.
struct CountryState: Encodable, Sendable {
    var entity: String
    var name: String
    var state: String
    /// The country's own event under way, its start and severity.
    var event: String?
    var since: Int64?
    var severity: Double?

    /// Every watched country's state at the newest data.
    static func all(store: any SignalStore) async throws -> [CountryState] {
        let entities = try await store.entities()
        let names = DisplayNames(entities)
        let now = try await OverviewPage.now(store: store, entities: entities)
        let incidents = try await OverviewPage.incidents(store: store, entities: entities, from: now, until: now)
        let states = OverviewPage.states(incidents, from: nil, until: now, entities: entities)
        return countries(entities).compactMap { country -> CountryState? in
            guard case .country(let cc) = country.id.kind else { return nil }
            let own = incidents.first { $0.entity == country.id && $0.isOngoing }?.cuts.last { $0.isOngoing }
            return CountryState(entity: country.id.rawValue, name: names[country.id], state: (states[cc] ?? .normal).rawValue,
                                event: own?.id, since: own?.start, severity: own?.severity)
        }
    }

    static func countries(_ entities: [Entity]) -> [Entity] {
        entities.filter { if case .country = $0.id.kind { true } else { false } }
    }
}

import TocsinCore
import TocsinStore

/// A country's state now, as the overview and `/api/summary` show it: `outage` while an
/// event at least half deep is under way, `disrupted` for a shallower one, else `normal`.
struct CountryState: Encodable, Sendable {
    var entity: String
    var name: String
    var state: String
    /// The event under way, its start and severity.
    var event: String?
    var since: Int64?
    var severity: Double?

    static func of(_ country: Entity, store: any SignalStore) async throws -> CountryState {
        let ongoing = try await store.events(EventQuery(entity: country.id, ongoingOnly: true, limit: 1)).first
        return CountryState(entity: country.id.rawValue, name: country.name,
                            state: ongoing.map { $0.severity >= 0.5 ? "outage" : "disrupted" } ?? "normal",
                            event: ongoing?.id, since: ongoing?.start, severity: ongoing?.severity)
    }

    static func countries(_ entities: [Entity]) -> [Entity] {
        entities.filter { if case .country = $0.id.kind { true } else { false } }
    }
}

import TocsinCore

/// One thing that happened, as a reader counts it: a country's shutdown with every re-cut
/// and the networks, access groups and regions it took down, or a network's own outage.
/// `cuts` are the events of the incident's own entity, oldest first (a restoration between
/// two of them is a gap); `parts` are the events of the entities rolled up into it.
public struct Incident: Sendable, Hashable, Encodable {
    /// The id of the first cut.
    public var id: String
    public var entity: EntityID
    public var cuts: [OutageEvent]
    public var parts: [OutageEvent]

    public var start: Int64 { cuts.map(\.start).min() ?? 0 }
    /// The end of the last cut or part; nil while one is under way (a network still down
    /// after its country came back keeps the incident open).
    public var end: Int64? { (cuts + parts).contains { $0.isOngoing } ? nil : (cuts + parts).compactMap(\.end).max() }
    public var isOngoing: Bool { end == nil }
    public var severity: Double { cuts.map(\.severity).max() ?? 0 }
    public var scope: EventScope { cuts.last?.scope ?? .network }
    /// The cause most cuts were given (a known cause before `unknown`; the latest on a tie).
    public var cause: EventCause {
        let known = cuts.filter { $0.cause != .unknown }
        let pool = known.isEmpty ? cuts : known
        let counts = Dictionary(grouping: pool, by: \.cause).mapValues(\.count)
        return pool.reversed().max { counts[$0.cause, default: 0] < counts[$1.cause, default: 0] }?.cause ?? .unknown
    }
    /// When anything in it last changed: a cut or part raised or ended.
    public var updated: Int64 { (cuts + parts).map { max($0.detectedAt, $0.end ?? $0.detectedAt) }.max() ?? 0 }
    /// The rolled-up entities, each once, in order.
    public var affected: [EntityID] { Array(Set(parts.map(\.entity))).sorted() }

    enum CodingKeys: String, CodingKey {
        case id, entity, start, end, ongoing, severity, scope, cause, updated, affected, cuts, parts
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(entity, forKey: .entity)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encode(isOngoing, forKey: .ongoing)
        try c.encode(severity, forKey: .severity)
        try c.encode(scope, forKey: .scope)
        try c.encode(cause, forKey: .cause)
        try c.encode(updated, forKey: .updated)
        try c.encode(affected, forKey: .affected)
        try c.encode(cuts, forKey: .cuts)
        try c.encode(parts, forKey: .parts)
    }
}

/// A detected disruption of one entity: when it started and ended, how deep it was, which
/// signals showed it, and the evidence.
///
/// Encoded as one JSON object per line in the Events JSON lines format; field names are the
/// contract (`id`, `entity`, `start`, `end`, `detected_at`, `severity`, `signals`,
/// `confidence`, `scope`, `cause`, `evidence`). Times are Unix seconds.
public struct OutageEvent: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var entity: EntityID
    /// Start of the first disrupted bin.
    public var start: Int64
    /// Start of the first bin back to normal; `nil` while the event is ongoing.
    public var end: Int64?
    /// The bin at which a causal, streaming run first raised the event.
    public var detectedAt: Int64
    /// Fraction of normal lost at the deepest point, 0–1.
    public var severity: Double
    /// The signals that dropped, each with its own drop.
    public var signals: [SignalDrop]
    /// 0–1.
    public var confidence: Double
    public var scope: EventScope
    public var cause: EventCause
    public var evidence: Evidence

    public init(
        id: String? = nil, entity: EntityID, start: Int64, end: Int64?, detectedAt: Int64,
        severity: Double, signals: [SignalDrop], confidence: Double, scope: EventScope? = nil,
        cause: EventCause = .unknown, evidence: Evidence
    ) {
        self.id = id ?? OutageEvent.makeID(entity: entity, start: start)
        self.entity = entity
        self.start = start
        self.end = end
        self.detectedAt = detectedAt
        self.severity = severity
        self.signals = signals
        self.confidence = confidence
        self.scope = scope ?? EventScope(entity: entity)
        self.cause = cause
        self.evidence = evidence
    }

    /// A stable identifier from the entity and the start, so batch and streaming runs over
    /// the same data name the same event the same way: `asn-29355-1641378600`.
    public static func makeID(entity: EntityID, start: Int64) -> String {
        entity.rawValue.replacingSlashes() + "-" + String(start)
    }

    public var isOngoing: Bool { end == nil }

    enum CodingKeys: String, CodingKey {
        case id, entity, start, end, severity, signals, confidence, scope, cause, evidence
        case detectedAt = "detected_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(entity, forKey: .entity)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)  // explicit null while ongoing
        try c.encode(detectedAt, forKey: .detectedAt)
        try c.encode(severity, forKey: .severity)
        try c.encode(signals, forKey: .signals)
        try c.encode(confidence, forKey: .confidence)
        try c.encode(scope, forKey: .scope)
        try c.encode(cause, forKey: .cause)
        try c.encode(evidence, forKey: .evidence)
    }
}

/// How one signal dropped during an event.
public struct SignalDrop: Sendable, Hashable, Codable {
    public var signal: SignalName
    /// Fraction of the baseline lost at the deepest bin, 0–1.
    public var drop: Double
    /// Start of the signal's own episode.
    public var start: Int64
    /// End of the signal's own episode; `nil` while ongoing.
    public var end: Int64?

    public init(signal: SignalName, drop: Double, start: Int64, end: Int64?) {
        self.signal = signal
        self.drop = drop
        self.start = start
        self.end = end
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(signal, forKey: .signal)
        try c.encode(drop, forKey: .drop)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
    }
}

/// What the detector compared: per signal, the baseline and what was observed at the
/// deepest bin, the method, and the reasoning in words.
public struct Evidence: Sendable, Hashable, Codable {
    public var method: String
    public var baseline: [String: Double]
    public var observed: [String: Double]
    public var notes: [String]
    /// Entities whose own events rolled up into this one (networks of a country, say).
    public var affected: [EntityID]?
    /// For a recurring event (curfews, exams), the id of the first event of the series.
    public var recurrenceOf: String?

    public init(method: String, baseline: [String: Double] = [:], observed: [String: Double] = [:], notes: [String] = [],
                affected: [EntityID]? = nil, recurrenceOf: String? = nil) {
        self.method = method
        self.baseline = baseline
        self.observed = observed
        self.notes = notes
        self.affected = affected
        self.recurrenceOf = recurrenceOf
    }

    enum CodingKeys: String, CodingKey {
        case method, baseline, observed, notes, affected
        case recurrenceOf = "recurrence_of"
    }
}

/// How far an event reaches.
public enum EventScope: String, Sendable, Hashable, Codable, CaseIterable {
    case national, regional, network, mobile, fixed

    /// The scope an event on this entity has by itself, before any roll-up.
    public init(entity: EntityID) {
        switch entity.kind {
        case .country: self = .national
        case .region: self = .regional
        case .asn: self = .network
        case .accessGroup(_, .mobile): self = .mobile
        case .accessGroup(_, .fixed): self = .fixed
        }
    }
}

/// What most likely caused an event.
public enum EventCause: String, Sendable, Hashable, Codable, CaseIterable {
    case shutdown, power, cable, routing, unknown
}

extension String {
    fileprivate func replacingSlashes() -> String {
        String(unicodeScalars.map { $0 == "/" ? "-" : Character($0) })
    }
}

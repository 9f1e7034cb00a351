import TocsinCore

/// A labelled data set: series as a source would deliver them, the entities, and the truth.
public struct Scenario: Sendable {
    public var series: [Series]
    public var entities: [Entity]
    /// Per entity, the stretches that a detector should report (the loss is ≥ 15%).
    public var truth: [TruthEpisode]
    /// Stretches where reporting or not is equally right (loss between 3% and 15%, or just
    /// after an event), per entity.
    public var tolerated: [TruthEpisode]
    /// Detections before this are not scored (the baselines are still learning).
    public var evaluationStart: Int64
    public var end: Int64
    /// Collector artifacts injected (bin start times), which must not be reported.
    public var artifacts: [Int64]
}

/// One stretch of one entity's truth.
public struct TruthEpisode: Sendable, Hashable {
    public var entity: EntityID
    public var start: Int64
    public var end: Int64
    /// The deepest loss over the stretch, 0–1.
    public var depth: Double
    public var kind: EventKind
    public var cause: EventCause
    /// The entity where the event should be reported (its scope is the event's scope).
    public var primary: Bool
    public var scope: EventScope
    /// How long the signals took to fall to their full depth, in seconds (0: at once; the
    /// classic family has no ramps).
    public var rampIn: Int64 = 0
}

import TocsinCore

/// A drop that one signal showed in many countries at once: the collector, not the Internet.
/// Episodes starting in it are suppressed and reported here instead.
public struct CollectorArtifact: Sendable, Hashable, Codable {
    public var signal: SignalName
    /// The bin at which it was seen.
    public var time: Int64
    /// How many countries dropped at once, of how many with this signal.
    public var countries: Int
    public var of: Int
    /// The episodes suppressed because of it.
    public var suppressed: [EntityID]

    public var description: String {
        "collector artifact: \(signal) dropped in \(countries) of \(of) countries at \(UTCTime.format(time)); suppressed \(suppressed.count) episodes"
    }
}

/// What a detector run found.
public struct DetectionResult: Sendable {
    public var events: [OutageEvent]
    public var artifacts: [CollectorArtifact]
    /// Drops of one signal that the entity's other signals did not share.
    public var faults: [SignalFault]

    public init(events: [OutageEvent], artifacts: [CollectorArtifact], faults: [SignalFault] = []) {
        self.events = events
        self.artifacts = artifacts
        self.faults = faults
    }
}

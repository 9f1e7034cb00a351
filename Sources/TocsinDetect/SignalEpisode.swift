import TocsinCore

/// A stretch of time during which one signal of one entity was below normal.
public struct SignalEpisode: Sendable, Hashable {
    public var key: SeriesKey
    /// First bin below normal.
    public var start: Int64
    /// First bin back to normal; nil while ongoing.
    public var end: Int64?
    /// The bin at which the episode was raised (with all data up to that bin in hand).
    public var detectedAt: Int64
    /// Deepest loss, 1 − observed/baseline, in 0…1.
    public var drop: Double
    /// Baseline and observed value at the deepest bin.
    public var baseline: Double
    public var observed: Double

    public init(key: SeriesKey, start: Int64, end: Int64?, detectedAt: Int64, drop: Double, baseline: Double, observed: Double) {
        self.key = key
        self.start = start
        self.end = end
        self.detectedAt = detectedAt
        self.drop = drop
        self.baseline = baseline
        self.observed = observed
    }
}

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
    /// The first bin at which the drop was deep and long enough to stand on its own, against
    /// the series' own history, without another signal agreeing; nil if never.
    public var decisiveAt: Int64?
    /// The entity's other signals that held (had data and no episode) when this one was
    /// raised, each with the smallest drop it would have shown within an hour then; and
    /// this episode's own drop at that moment. What the signal faults are judged on.
    public var holders: [SignalName: Double]
    public var raisedDrop: Double

    public init(key: SeriesKey, start: Int64, end: Int64?, detectedAt: Int64, drop: Double, baseline: Double, observed: Double,
                decisiveAt: Int64? = nil, holders: [SignalName: Double] = [:]) {
        self.key = key
        self.start = start
        self.end = end
        self.detectedAt = detectedAt
        self.drop = drop
        self.baseline = baseline
        self.observed = observed
        self.decisiveAt = decisiveAt
        self.holders = holders
        self.raisedDrop = drop
    }
}

/// A dip of one series: a modest drop, below the series' usual variation but not enough to
/// raise an episode; it corroborates another signal's episode.
public struct SignalSpan: Sendable, Hashable {
    public var key: SeriesKey
    public var start: Int64
    /// The first bin after it; nil while it lasts.
    public var end: Int64?
    /// The bin at which it was first seen.
    public var seenAt: Int64

    public init(key: SeriesKey, start: Int64, end: Int64?, seenAt: Int64) {
        self.key = key
        self.start = start
        self.end = end
        self.seenAt = seenAt
    }
}

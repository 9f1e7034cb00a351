import TocsinCore

/// Cuts routing state into 5-minute bins: the value of bin `t` is the state at its end
/// (when the first message of a later bin arrives, or at `finish`). A series once seen keeps
/// getting values, so a network whose routes are all withdrawn reads 0, not "no data".
public struct BGPSignalRecorder: Sendable {
    public var state = RoutingState()
    public let counter: VisibilityCounter
    public private(set) var currentBin: Int64?
    private var known: Set<SeriesKey> = []
    /// Empty bins filled after a silence are capped, so a clock jump cannot flood the store.
    public static let maximumFilledBins: Int64 = 288
    /// A time further ahead than this is taken as a bad timestamp and counted in the current
    /// bin (one record dated 2106 must not end every later bin).
    public static let maximumJump: Int64 = 7 * 86_400
    /// Times refused as too far ahead.
    public private(set) var clockJumps = 0

    public init(counter: VisibilityCounter) { self.counter = counter }

    /// Moves the clock to `time` (Unix seconds) and returns the points of bins that ended.
    /// Times earlier than the current bin count in the current bin.
    public mutating func advance(to time: Int64) -> [SignalPoint] {
        let bin = TimeBin.floor(time)
        guard let current = currentBin else { currentBin = bin; return [] }
        guard bin > current else { return [] }
        guard bin - current <= Self.maximumJump else { clockJumps += 1; return [] }
        var points = close(bin: current)
        let lastGap = min(bin, current + TimeBin.seconds * (Self.maximumFilledBins + 1))
        var gap = current + TimeBin.seconds
        if gap < lastGap {
            let quiet = counter.measure(state, updates: [:])
            while gap < lastGap {
                points += emit(quiet, at: gap)
                gap += TimeBin.seconds
            }
        }
        currentBin = bin
        return points
    }

    /// The points of the bin in progress (at the end of an input).
    public mutating func finish() -> [SignalPoint] {
        guard let current = currentBin else { return [] }
        defer { currentBin = nil }
        return close(bin: current)
    }

    private mutating func close(bin: Int64) -> [SignalPoint] {
        emit(counter.measure(state, updates: state.takeUpdateCounts()), at: bin)
    }

    private mutating func emit(_ measurement: VisibilityCounter.Measurement, at time: Int64) -> [SignalPoint] {
        for key in measurement.values.keys { known.insert(key) }
        return known.sorted().map { key in
            SignalPoint(key: key, time: time, value: measurement.values[key] ?? 0)
        }
    }
}

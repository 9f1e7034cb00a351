/// A time-ordered series of one signal for one entity.
///
/// Holds one sample per bin that has a row; bins with no row at all and rows with an empty
/// value are both "no data" to a detector.
public struct Series: Sendable, Hashable {
    public var key: SeriesKey
    /// Strictly increasing bin starts.
    public private(set) var times: [Int64]
    /// `nil` where the source said "no data".
    public private(set) var values: [Double?]

    public init(key: SeriesKey) {
        self.key = key
        self.times = []
        self.values = []
    }

    /// Builds a series from samples in any order; for a repeated bin the last sample wins.
    public init(key: SeriesKey, samples: some Sequence<(time: Int64, value: Double?)>) {
        self.key = key
        var latest: [Int64: Double?] = [:]
        var order: [Int64] = []
        for sample in samples {
            if latest.updateValue(sample.value, forKey: sample.time) == nil { order.append(sample.time) }
        }
        order.sort()
        self.times = order
        self.values = order.map { latest[$0]! }
    }

    public var count: Int { times.count }
    public var isEmpty: Bool { times.isEmpty }

    /// Appends a sample later than every sample already held.
    public mutating func append(time: Int64, value: Double?) {
        precondition(times.last.map { $0 < time } ?? true, "Series.append needs increasing times")
        times.append(time)
        values.append(value)
    }

    /// The samples up to and including `time` (a binary search: times are increasing).
    public func prefix(through time: Int64) -> Series {
        var lo = 0, hi = times.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if times[mid] <= time { lo = mid + 1 } else { hi = mid }
        }
        var head = Series(key: key)
        head.times = Array(times[..<lo])
        head.values = Array(values[..<lo])
        return head
    }

    public var points: [SignalPoint] {
        zip(times, values).map { SignalPoint(key: key, time: $0, value: $1) }
    }
}

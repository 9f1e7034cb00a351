/// The median of the values in a trailing time window, kept incrementally.
///
/// Values are held twice: in arrival order (to expire the oldest) and sorted (for the
/// median). Insertion and expiry are a binary search plus a memmove, which for IODA-sized
/// windows (288 or 2,016 bins) is cheaper than a pair of heaps with lazy deletion.
struct SlidingMedian {
    let window: Int64
    private var arrivals: [(time: Int64, value: Double)] = []
    private var head = 0
    private var sorted: [Double] = []

    init(window: Int64) { self.window = window }

    var count: Int { sorted.count }

    /// Drops values at or before `time - window`.
    mutating func expire(before time: Int64) {
        let cutoff = time - window
        while head < arrivals.count, arrivals[head].time <= cutoff {
            let old = arrivals[head].value
            sorted.remove(at: index(of: old))
            head += 1
        }
        if head > 4096, head * 2 > arrivals.count {
            arrivals.removeFirst(head)
            head = 0
        }
    }

    mutating func insert(time: Int64, value: Double) {
        arrivals.append((time, value))
        sorted.insert(value, at: index(of: value))
    }

    var median: Double? {
        guard !sorted.isEmpty else { return nil }
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    /// The first index whose value is not less than `value`.
    private func index(of value: Double) -> Int {
        var lo = 0
        var hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

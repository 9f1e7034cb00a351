/// Four weeks of a series' cleaned values, one slot per 5-minute bin, with "no data" kept
/// as NaN; the memory of `SeasonalBaseline`.
struct SeasonalHistory: Sendable {
    static let binsPerDay = 288
    static let binsPerWeek = 7 * 288
    static let weeks = 4
    private var slots: [Float]
    /// The bin index (time / 300) of the newest slot written, if any.
    private(set) var newest: Int64?

    init() {
        slots = Array(repeating: .nan, count: Self.binsPerWeek * Self.weeks + 8)
    }

    private var capacity: Int { slots.count }

    /// Writes the value of bin `index`; bins skipped since the last write become no data.
    mutating func write(_ index: Int64, _ value: Float) {
        if let newest, index > newest {
            var gap = newest + 1
            let last = min(index - 1, newest + Int64(capacity))
            while gap <= last { slots[slot(gap)] = .nan; gap += 1 }
        }
        slots[slot(index)] = value
        newest = max(newest ?? index, index)
    }

    /// The value of bin `index`, if it is still held and has data.
    func value(_ index: Int64) -> Float? {
        guard let newest, index <= newest, newest - index < Int64(capacity) else { return nil }
        let v = slots[slot(index)]
        return v.isNaN ? nil : v
    }

    /// Appends the values held for bins `center - 2 ... center + 2` (±10 minutes).
    func collect(around center: Int64, into buffer: UnsafeMutableBufferPointer<Float>, count n: inout Int) {
        guard let newest, center + 2 <= newest, newest - (center - 2) < Int64(capacity) else {
            for d in -2...2 { if let v = value(center + Int64(d)) { buffer[n] = v; n += 1 } }
            return
        }
        var s = slot(center - 2)
        slots.withUnsafeBufferPointer { slots in
            for _ in 0..<5 {
                let v = slots[s]
                if !v.isNaN { buffer[n] = v; n += 1 }
                s += 1
                if s == slots.count { s = 0 }
            }
        }
    }

    private func slot(_ index: Int64) -> Int {
        let r = Int(index % Int64(capacity))
        return r < 0 ? r + capacity : r
    }
}

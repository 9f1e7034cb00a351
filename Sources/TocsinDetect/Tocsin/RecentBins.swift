#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The last 48 bins of one series as the watcher saw them (observed, expected, per-bin noise),
/// with running sums over the trailing windows the rules use, so every window statistic costs
/// the same whatever its length.
struct RecentBins: Sendable {
    static let capacity = 48
    /// Window lengths in bins: 10 minutes, 20 minutes, 1 hour, 3 hours.
    static let windows = [2, 4, 12, 36]

    private var observed = [Float](repeating: .nan, count: capacity)
    private var expected = [Float](repeating: .nan, count: capacity)
    private var noise = [Float](repeating: .nan, count: capacity)
    private var times = [Int64](repeating: .min, count: capacity)
    private var head = -1
    private var written = 0
    private var sumObserved = [Double](repeating: 0, count: windows.count)
    private var sumExpected = [Double](repeating: 0, count: windows.count)
    private var withData = [Int](repeating: 0, count: windows.count)

    /// Appends one bin (`value` nil: no data; `expectation` nil: nothing to compare with yet).
    mutating func push(time: Int64, value: Double?, expected e: Double?, noise n: Double?) {
        head = (head + 1) % Self.capacity
        let o: Float = (value != nil && e != nil) ? Float(value!) : .nan
        let x: Float = (value != nil && e != nil) ? Float(e!) : .nan
        for (k, w) in Self.windows.enumerated() where written >= w {
            let old = (head - w + Self.capacity) % Self.capacity
            if !observed[old].isNaN {
                sumObserved[k] -= Double(observed[old])
                sumExpected[k] -= Double(expected[old])
                withData[k] -= 1
            }
        }
        observed[head] = o
        expected[head] = x
        noise[head] = n.map(Float.init) ?? .nan
        times[head] = time
        written += 1
        if !o.isNaN {
            for k in Self.windows.indices {
                sumObserved[k] += Double(o)
                sumExpected[k] += Double(x)
                withData[k] += 1
            }
        }
        // Running sums drift a little with every subtraction: start them afresh now and then.
        if written % 288 == 0 { recompute() }
    }

    /// Forgets the bins held: after an episode, its low bins must not raise another.
    mutating func clear() {
        for i in 0..<Self.capacity { observed[i] = .nan; expected[i] = .nan }
        recompute()
    }

    private mutating func recompute() {
        for (k, w) in Self.windows.enumerated() {
            var so = 0.0, se = 0.0, n = 0
            for i in 0..<min(w, written) {
                let j = (head - i + Self.capacity) % Self.capacity
                if !observed[j].isNaN { so += Double(observed[j]); se += Double(expected[j]); n += 1 }
            }
            sumObserved[k] = so
            sumExpected[k] = se
            withData[k] = n
        }
    }

    /// Window `k` as log(Σ observed / Σ expected) with its counting noise 1/√(Σ expected),
    /// or nil when fewer than all but a quarter of its bins have data.
    func window(_ k: Int) -> (logRatio: Double, counting: Double, expected: Double)? {
        let w = Self.windows[k]
        guard withData[k] > 0, 4 * withData[k] >= 3 * w else { return nil }
        let e = max(sumExpected[k], 1e-9)
        return (log((max(sumObserved[k], 0) + 0.5) / (e + 0.5)), 1 / (e + 1).squareRoot(), e)
    }

    /// Every one of the last `n` bins has data and reads at most `ratio` of expected.
    func allBelow(_ ratio: Double, last n: Int) -> Bool {
        guard written >= n else { return false }
        for i in 0..<n {
            let j = (head - i + Self.capacity) % Self.capacity
            guard !observed[j].isNaN, Double(observed[j]) <= ratio * Double(expected[j]) else { return false }
        }
        return true
    }

    /// The newest `n` bins all read clearly low (see `dropStart`): a drop under way, not one
    /// glitching bin.
    func lowNow(_ n: Int) -> Bool {
        guard written >= n else { return false }
        return (0..<n).allSatisfy { isLow((head - $0 + Self.capacity) % Self.capacity) }
    }

    private func isLow(_ j: Int) -> Bool {
        guard !observed[j].isNaN else { return false }
        let r = log((Double(observed[j]) + 0.5) / (Double(expected[j]) + 0.5))
        let sigma = noise[j].isNaN ? 0.05 : Double(noise[j])
        return r < -2 * sigma && r < log(0.97)
    }

    /// Where a drop seen now began: walking back from the newest bin, the earliest of the run of
    /// bins that read clearly low (more than 2σ of their own noise and 3% below expected; one
    /// bin of no data or noise inside the run is forgiven), at most `limit` bins back.
    func dropStart(limit: Int) -> Int64? {
        var start: Int64?
        var forgiven = false
        for i in 0..<min(limit, written) {
            let j = (head - i + Self.capacity) % Self.capacity
            if isLow(j) {
                start = times[j]
                forgiven = false
            } else if forgiven {
                break
            } else {
                forgiven = true
            }
        }
        return start
    }
}

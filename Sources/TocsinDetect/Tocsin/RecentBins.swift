#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The last 48 bins of one series as the watcher saw them (observed, expected, and whether
/// each read clearly low), with running sums over the trailing windows the rules use, so
/// every window statistic costs the same whatever its length; each window's statistic is
/// computed once per bin.
struct RecentBins: Sendable {
    static let capacity = 48
    /// Window lengths in bins: 10 minutes, 20 minutes, 1 hour, 3 hours.
    static let windows = [2, 4, 12, 36]
    /// The statistics the calibration learns: one per window, then the step (`step()`).
    static let statistics = windows.count + 1
    static let stepIndex = windows.count
    /// The step compares the newest 2 bins with the 6 before them.
    static let stepBefore = 6

    private var observed = [Float](repeating: .nan, count: capacity)
    private var expected = [Float](repeating: .nan, count: capacity)
    private var low = [Bool](repeating: false, count: capacity)
    private var times = [Int64](repeating: .min, count: capacity)
    private var head = -1
    private var written = 0
    private var sumObserved = [Double](repeating: 0, count: windows.count)
    private var sumExpected = [Double](repeating: 0, count: windows.count)
    private var withData = [Int](repeating: 0, count: windows.count)
    private var ratios = [Double](repeating: .nan, count: windows.count)
    private var expectedSums = [Double](repeating: .nan, count: windows.count)
    private var stepRatio = Double.nan
    private var stepExpected = Double.nan

    /// Appends one bin (`value` nil: no data; `expectation` nil: nothing to compare with yet);
    /// `low`: the bin reads clearly low (more than 2σ of its own noise and 3% below expected).
    mutating func push(time: Int64, value: Double?, expected e: Double?, low isLow: Bool) {
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
        low[head] = isLow && !o.isNaN
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
        computeWindows()
    }

    private mutating func computeWindows() {
        for (k, w) in Self.windows.enumerated() {
            guard withData[k] > 0, 4 * withData[k] >= 3 * w else { ratios[k] = .nan; continue }
            let e = max(sumExpected[k], 1e-9)
            ratios[k] = (max(sumObserved[k], 0) + 0.5) / (e + 0.5)
            expectedSums[k] = e
        }
        let step = computeStep()
        stepRatio = step?.ratio ?? .nan
        stepExpected = step?.expected ?? .nan
    }

    /// Forgets the bins held: after an episode, its low bins must not raise another.
    mutating func clear() {
        for i in 0..<Self.capacity { observed[i] = .nan; expected[i] = .nan; low[i] = false }
        recompute()
        computeWindows()
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

    /// Window `k`, or nil when fewer than all but a quarter of its bins have data.
    func window(_ k: Int) -> Window? {
        let r = ratios[k]
        return r.isNaN ? nil : Window(ratio: r, expected: expectedSums[k])
    }

    /// One window's statistic: Σ observed / Σ expected; its log and counting noise are
    /// computed only when asked (most bins need neither).
    struct Window {
        var ratio: Double
        var expected: Double
        var logRatio: Double { log(ratio) }
        /// 1/√(Σ expected): the noise of a Poisson count of that size, as a log ratio.
        var counting: Double { 1 / (expected + 1).squareRoot() }
    }

    /// The step: how far the newest 10 minutes fell below the half hour before them, both as
    /// ratios to expected (a bin above expected counts as at expected, so the end of a burst
    /// is no fall). What the series' level was off by that day cancels out, so a precise
    /// series shows the first minutes of a ramp here long before its windows read low. Its
    /// `expected` is the size of a count with the same counting noise as the difference. Nil
    /// unless all 8 bins have data.
    func step() -> Window? {
        stepRatio.isNaN ? nil : Window(ratio: stepRatio, expected: stepExpected)
    }

    /// The newest 10 minutes are window 0; the half hour before is summed here.
    private func computeStep() -> Window? {
        let newest = RecentBins.windows[0]
        guard written >= newest + Self.stepBefore, !ratios[0].isNaN else { return nil }
        var before: Float = 0, beforeExpected: Float = 0
        for i in newest..<(newest + Self.stepBefore) {
            let j = (head - i + Self.capacity) % Self.capacity
            guard !observed[j].isNaN else { return nil }
            before += min(observed[j], expected[j])
            beforeExpected += expected[j]
        }
        let then = (Double(max(before, 0)) + 0.5) / (Double(beforeExpected) + 0.5)
        let noise = 1 / (expectedSums[0] + 1) + 1 / (Double(beforeExpected) + 1)
        return Window(ratio: ratios[0] / then, expected: 1 / noise - 1)
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

    private func isLow(_ j: Int) -> Bool { low[j] }

    /// Where a drop seen now began: walking back from the newest bin, the earliest of the run of
    /// bins that read clearly low (more than 2σ of their own noise and 3% below expected) and
    /// lost at least `deficit` of expected (one bin of no data or noise inside the run is
    /// forgiven), at most `limit` bins back. The deficit keeps a slight sag before a deep drop
    /// (a day's level wobble in a precise series) out of the drop.
    func dropStart(limit: Int, deficit: Double = 0) -> Int64? {
        var start: Int64?
        var forgiven = false
        let most = Float(1 - deficit)
        for i in 0..<min(limit, written) {
            let j = (head - i + Self.capacity) % Self.capacity
            if isLow(j), observed[j] <= most * expected[j] {
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

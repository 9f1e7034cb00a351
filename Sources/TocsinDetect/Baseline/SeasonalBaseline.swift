/// What a series should read now: the robust seasonal expectation and how far from it a
/// value may stray before it is news.
public struct Expectation: Sendable, Hashable {
    /// The expected value.
    public var expected: Double
    /// The noise scale of log(observed / expected), one standard deviation.
    public var sigma: Double
    /// Which rule made the expectation.
    public var method: Method

    public enum Method: String, Sendable, Hashable, Codable {
        /// Median of the same time-of-week slot (±10 min) over the last 4 weeks.
        case weekly
        /// Median of the same time of day (±10 min) over the last 7 days.
        case daily
    }

    /// The band that counts as normal: expected × exp(±2σ).
    public var band: ClosedRange<Double> { expected * exp(-2 * sigma)...expected * exp(2 * sigma) }
}

/// Tocsin's baseline for one series: the median of the same time-of-week slot (±10 min)
/// over the last 4 weeks of cleaned data, scaled by a recent level factor, falling back to
/// the same time of day over 7 days while the history is short. The noise scale is a running
/// mean absolute deviation of log residuals (×1.25 ≈ σ for Gaussian noise), floored by
/// counting noise (1/√expected) for small counts.
///
/// "Cleaned" means the detector writes the expectation instead of the observation while
/// an episode is open (inpainting), so an outage never teaches the baseline.
public struct SeasonalBaseline: Sendable {
    private var history = SeasonalHistory()
    /// Recent level relative to the seasonal median, as a log ratio (EWMA over ~4 h).
    private(set) var level: Double = 0
    /// Mean absolute log residual (EWMA over ~1 day).
    private(set) var meanAbsResidual: Double = 0.05
    private var residualsSeen = 0

    static let levelWeight = 1.0 / 48
    static let scaleWeight = 1.0 / 288
    static let minimumSigma = 0.01

    public init() {}

    /// The expectation for bin `index` from the history before it; nil while too short.
    ///
    /// The seasonal level is a median of medians: for each of the last 4 weeks the median of
    /// the 5 bins around the same time of week, then the median of those (with fewer than two
    /// weeks held, the same over the last 7 days; of only two, the lower). As robust as the plain median of all 20
    /// values for what matters here (one bad week cannot move it), and about 5× cheaper,
    /// which counts: this runs once per point.
    public func expectation(at index: Int64) -> Expectation? {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 8) { medians in
            withUnsafeTemporaryAllocation(of: Float.self, capacity: 5) { window in
                var weeks = 0
                for week in 1...SeasonalHistory.weeks {
                    var n = 0
                    history.collect(around: index - Int64(week * SeasonalHistory.binsPerWeek), into: window, count: &n)
                    if n >= 2 { medians[weeks] = Self.median(window, count: n); weeks += 1 }
                }
                var method = Expectation.Method.weekly
                if weeks < 2 {
                    weeks = 0
                    for day in 1...7 {
                        var n = 0
                        history.collect(around: index - Int64(day * SeasonalHistory.binsPerDay), into: window, count: &n)
                        if n >= 2 { medians[weeks] = Self.median(window, count: n); weeks += 1 }
                    }
                    method = .daily
                    guard weeks >= 2 else { return nil }
                }
                // Of only two, the lower: a burst in one of them (a scanner's quarter hour in
                // a telescope's first days) would otherwise lift the expectation to the mean of
                // the two and make the next ordinary hours look like a drop.
                let median = Double(weeks == 2 ? min(medians[0], medians[1]) : Self.median(medians, count: weeks))
                let expected = median * exp(level)
                let counting = 1 / max(expected, 1).squareRoot()
                let sigma = max(meanAbsResidual * 1.2533, counting, Self.minimumSigma)
                return Expectation(expected: expected, sigma: sigma, method: method)
            }
        }
    }

    /// Records the (cleaned) value of bin `index`; with `residual`, also learns level and noise.
    mutating func record(_ index: Int64, value: Double?, residual: Double?) {
        history.write(index, value.map(Float.init) ?? .nan)
        guard let r = residual else { return }
        level += Self.levelWeight * r
        let bound = 4 * max(meanAbsResidual * 1.2533, Self.minimumSigma)
        let weight = residualsSeen < 288 ? 1.0 / Double(residualsSeen + 1) : Self.scaleWeight
        meanAbsResidual += weight * (min(abs(r), bound) - meanAbsResidual)
        residualsSeen += 1
    }

    /// Accepts a new level: from now on `factor` × the seasonal median is normal.
    mutating func acceptLevel(logRatio: Double) { level += logRatio }

    /// Median of at most 8 values: a branch-free network for 5 (the common case), else a
    /// small insertion sort.
    static func median(_ v: UnsafeMutableBufferPointer<Float>, count n: Int) -> Float {
        if n == 5 {
            // Median of five in six compare-exchanges of min/max.
            var a = v[0], b = v[1], c = v[2], d = v[3], e = v[4]
            (a, b) = (min(a, b), max(a, b))
            (d, e) = (min(d, e), max(d, e))
            (a, d) = (min(a, d), max(a, d))  // a is the smallest of a, b, d, e: out
            (b, e) = (min(b, e), max(b, e))  // e is the largest of a, b, d, e: out
            _ = a; _ = e
            // Median of b, c, d.
            return max(min(b, c), min(max(b, c), d))
        }
        for i in 1..<max(n, 1) {
            let x = v[i]
            var j = i - 1
            while j >= 0, v[j] > x { v[j + 1] = v[j]; j -= 1 }
            v[j + 1] = x
        }
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    public func expectation(at index: Int64) -> Expectation? {
        var values: [Float] = []
        values.reserveCapacity(35)
        for week in 1...SeasonalHistory.weeks {
            for d in -2...2 {
                if let v = history.value(index - Int64(week * SeasonalHistory.binsPerWeek + d)) { values.append(v) }
            }
        }
        var method = Expectation.Method.weekly
        if values.count < 8 {
            values.removeAll(keepingCapacity: true)
            for day in 1...7 {
                for d in -2...2 {
                    if let v = history.value(index - Int64(day * SeasonalHistory.binsPerDay + d)) { values.append(v) }
                }
            }
            method = .daily
            guard values.count >= 10 else { return nil }
        }
        let median = Double(Self.median(&values))
        let expected = median * exp(level)
        let counting = 1 / max(expected, 1).squareRoot()
        let sigma = max(meanAbsResidual * 1.2533, counting, Self.minimumSigma)
        return Expectation(expected: expected, sigma: sigma, method: method)
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

    /// Median by partial insertion sort; the arrays here hold at most 35 values.
    static func median(_ values: inout [Float]) -> Float {
        values.sort()
        let n = values.count
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

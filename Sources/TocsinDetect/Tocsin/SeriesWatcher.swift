import TocsinCore

/// Watches one series with Tocsin's rules, one bin at a time and causally: a seasonal
/// baseline (`SeasonalBaseline`), a fast rule for deep drops (two bins at ≤ 50% of
/// expected), a one-sided CUSUM on the scores for shallow ones, an end rule with hysteresis
/// (two bins back at ≥ 80%), and inpainting while an episode is open.
public struct SeriesWatcher: Sendable {
    public let key: SeriesKey
    let parameters: TocsinParameters
    private(set) var baseline = SeasonalBaseline()
    private var cusum = 0.0
    private var cusumStart: Int64?
    private var cusumLogSum = 0.0
    private var cusumBins = 0
    private var cusumBinsBelow = 0
    /// Whether the previous bin with data was already far below expected (or in an episode).
    private var previousWasDown = false
    private var pendingDeep: (time: Int64, expected: Double, observed: Double)?
    private var open: Open?
    private(set) var lastTime: Int64?
    /// The last bin that had a value.
    private var lastDataTime: Int64?
    /// The first bin with an expectation.
    public private(set) var watchingSince: Int64?

    struct Open: Sendable {
        var episode: SignalEpisode
        var normalRun = 0
        var firstNormal: Int64?
        var minimumRatio: Double
    }

    /// What one bin did.
    public struct Step: Sendable {
        public var expectation: Expectation?
        /// An episode opened at this bin (raised now).
        public var opened: SignalEpisode?
        /// An episode closed at this bin.
        public var closed: SignalEpisode?
        /// The observed / expected ratio, where both exist.
        public var ratio: Double?
        /// This bin fell to or below the deep-drop ratio from a bin that was not: an onset.
        public var deepOnset = false
    }

    public init(key: SeriesKey, parameters: TocsinParameters = TocsinParameters()) {
        self.key = key
        self.parameters = parameters
    }

    public var ongoing: SignalEpisode? { open?.episode }

    public mutating func observe(time: Int64, value: Double?) -> Step {
        var step = Step()
        if let last = lastTime, time <= last { return step }
        lastTime = time
        let index = time / TimeBin.seconds
        guard let value, value.isFinite else {
            baseline.record(index, value: nil, residual: nil)
            return step
        }
        // A candidate drop does not survive more than 15 minutes without data.
        if open == nil, let seen = lastDataTime, time - seen > 3 * TimeBin.seconds { resetCandidates() }
        lastDataTime = time
        guard let e = baseline.expectation(at: index) else {
            baseline.record(index, value: value, residual: nil)
            return step
        }
        if watchingSince == nil { watchingSince = time }
        step.expectation = e
        let expected = max(e.expected, 1e-9)
        let r = log(max(value, 0.5) / max(expected, 0.5))
        let z = r / e.sigma
        let ratio = value / expected
        step.ratio = ratio
        let down = ratio <= parameters.deepRatio
        step.deepOnset = down && !previousWasDown && open == nil
        previousWasDown = down || open != nil

        if var o = open {
            // Inside an episode: inpaint, follow the depth, watch for recovery.
            if ratio < o.minimumRatio {
                o.minimumRatio = ratio
                o.episode.drop = min(1, max(0, 1 - ratio))
                o.episode.baseline = expected
                o.episode.observed = value
            }
            if ratio >= parameters.recoveryRatio, z > -2 {
                o.normalRun += 1
                if o.firstNormal == nil { o.firstNormal = time }
            } else {
                o.normalRun = 0
                o.firstNormal = nil
            }
            if o.normalRun >= parameters.recoveryBins {
                var closed = o.episode
                closed.end = o.firstNormal
                open = nil
                step.closed = closed
                baseline.record(index, value: value, residual: r)
                resetCandidates()
                return step
            }
            if time - o.episode.start >= parameters.inpaintLimit {
                // A week of it: this is the new normal.
                var closed = o.episode
                closed.end = time
                open = nil
                step.closed = closed
                baseline.acceptLevel(logRatio: r)
                baseline.record(index, value: value, residual: nil)
                resetCandidates()
                return step
            }
            open = o
            baseline.record(index, value: o.normalRun > 0 ? value : expected, residual: nil)
            return step
        }

        // Not in an episode: the two start rules.
        // One bin can add at most 60% of the threshold, so no single glitch raises an episode.
        cusum = max(0, cusum + min(-z - parameters.cusumDrift, 0.6 * parameters.cusumThreshold))
        if cusum == 0 {
            cusumStart = nil
            cusumLogSum = 0
            cusumBins = 0
            cusumBinsBelow = 0
        } else {
            if cusumStart == nil { cusumStart = time }
            cusumLogSum += max(r, -0.7)  // a lone glitch must not make a shallow drop look deep
            cusumBins += 1
            if ratio < parameters.shallowRatio { cusumBinsBelow += 1 }
        }
        var start: (Int64, Double, Double)?
        if ratio <= parameters.deepRatio, z <= -parameters.deepScore {
            if let p = pendingDeep { start = (p.time, p.expected, p.observed) } else { pendingDeep = (time, expected, value) }
        } else {
            pendingDeep = nil
        }
        // A shallow drop: the CUSUM is over its threshold, the mean loss since it rose is real,
        // and most of those bins (at least three) are low: a few glitches are not a drop.
        if start == nil, cusum > parameters.cusumThreshold, let s = cusumStart,
           exp(cusumLogSum / Double(max(cusumBins, 1))) < parameters.shallowRatio,
           cusumBinsBelow >= 3, 3 * cusumBinsBelow >= 2 * cusumBins {
            start = (s, expected, value)
        }
        if let (s, _, _) = start {
            let episode = SignalEpisode(key: key, start: s, end: nil, detectedAt: time, drop: min(1, max(0, 1 - ratio)),
                                        baseline: expected, observed: value)
            open = Open(episode: episode, minimumRatio: ratio)
            step.opened = episode
            resetCandidates()
            baseline.record(index, value: expected, residual: nil)
            return step
        }
        // A bin well below expected waits as a candidate: it does not teach the baseline.
        let suspicious = z < -2.5 || pendingDeep != nil
        baseline.record(index, value: suspicious ? expected : value, residual: suspicious ? nil : r)
        return step
    }

    private mutating func resetCandidates() {
        cusum = 0
        cusumStart = nil
        cusumLogSum = 0
        cusumBins = 0
        cusumBinsBelow = 0
        pendingDeep = nil
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

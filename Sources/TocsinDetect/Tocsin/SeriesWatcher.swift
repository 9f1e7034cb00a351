#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TocsinCore

/// Watches one series with Tocsin's rules, one bin at a time and causally: a seasonal
/// baseline (`SeasonalBaseline`), then the log ratio of observed to expected over trailing
/// windows of 10 minutes, 20 minutes, 1 hour and 3 hours (`RecentBins`). A window raises an
/// episode when it is both deep enough (a ratio) and far enough below what the series' own
/// quiet history makes ordinary (`WindowCalibration`); the short windows catch deep drops
/// at once, the long ones shallow drops in noisy series. An episode ends with hysteresis (two
/// bins back at ≥ 80%), and history is inpainted while it lasts.
///
/// Besides episodes, the watcher reports dips (lesser drops, which corroborate another
/// signal's episode but raise nothing by themselves) and gaps (no data), which the entity's
/// other signals are judged against (`SignalCorroboration`).
public struct SeriesWatcher: Sendable {
    public let key: SeriesKey
    let parameters: TocsinParameters
    private let logWindowRatios: [Double]
    private let logDipRatio: Double
    private let logDecisiveRatio: Double
    private let logPreciseRatio: Double
    private(set) var baseline = SeasonalBaseline()
    private var recent = RecentBins()
    private var calibration: WindowCalibration
    /// Whether the previous bin with data was already far below expected (or in an episode).
    private var previousWasDown = false
    private var open: Open?
    private var dip: SignalSpan?
    private var dipQuiet = 0
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
        /// A dip or a gap that ended with this bin.
        public var dip: SignalSpan?
        public var gap: SignalSpan?
        /// The observed / expected ratio, where both exist.
        public var ratio: Double?
        /// This bin fell to or below the deep-drop ratio from a bin that was not: an onset.
        public var deepOnset = false
    }

    public init(key: SeriesKey, parameters: TocsinParameters = TocsinParameters()) {
        self.key = key
        self.parameters = parameters
        logWindowRatios = parameters.windowRatios.map { log($0) }
        logDipRatio = log(parameters.dipRatio)
        logDecisiveRatio = log(parameters.decisiveRatio)
        logPreciseRatio = log(parameters.preciseRatio)
        calibration = WindowCalibration(floors: parameters.windowFloors, margin: parameters.calibrationMargin)
    }

    public var ongoing: SignalEpisode? { open?.episode }
    public var ongoingDip: SignalSpan? { dip }

    /// The gap in progress: no data for the last two bins or more.
    public var ongoingGap: SignalSpan? {
        guard let last = lastTime else { return nil }
        guard let seen = lastDataTime else {
            return SignalSpan(key: key, start: last, end: nil, seenAt: last)
        }
        guard last - seen >= 2 * TimeBin.seconds else { return nil }
        return SignalSpan(key: key, start: seen + TimeBin.seconds, end: nil, seenAt: seen + 2 * TimeBin.seconds)
    }

    public mutating func observe(time: Int64, value: Double?) -> Step {
        var step = Step()
        if let last = lastTime, time <= last { return step }
        lastTime = time
        let index = time / TimeBin.seconds
        guard let value, value.isFinite else {
            baseline.record(index, value: nil, residual: nil)
            recent.push(time: time, value: nil, expected: nil, noise: nil)
            if open == nil { calibration.push(recent) }
            return step
        }
        if let seen = lastDataTime, time - seen > 2 * TimeBin.seconds {
            step.gap = SignalSpan(key: key, start: seen + TimeBin.seconds, end: time, seenAt: seen + 2 * TimeBin.seconds)
        }
        lastDataTime = time
        guard let e = baseline.expectation(at: index) else {
            baseline.record(index, value: value, residual: nil)
            recent.push(time: time, value: nil, expected: nil, noise: nil)
            return step
        }
        if watchingSince == nil { watchingSince = time }
        step.expectation = e
        let expected = max(e.expected, 1e-9)
        let r = log(max(value, 0.5) / max(expected, 0.5))
        let z = r / e.sigma
        let ratio = value / expected
        step.ratio = ratio
        recent.push(time: time, value: value, expected: expected, noise: e.sigma)
        let down = ratio <= parameters.deepRatio
        step.deepOnset = down && !previousWasDown && open == nil
        previousWasDown = down || open != nil
        if open != nil {
            follow(time: time, index: index, value: value, expected: expected, ratio: ratio, r: r, z: z, step: &step)
        } else {
            watch(time: time, index: index, value: value, expected: e, ratio: ratio, r: r, z: z, step: &step)
        }
        return step
    }

    /// Inside an episode: inpaint, follow the depth, watch for recovery.
    private mutating func follow(time: Int64, index: Int64, value: Double, expected: Double, ratio: Double, r: Double, z: Double,
                                 step: inout Step) {
        guard var o = open else { return }
        if ratio < o.minimumRatio {
            o.minimumRatio = ratio
            o.episode.drop = min(1, max(0, 1 - ratio))
            o.episode.baseline = expected
            o.episode.observed = value
        }
        let hour = 2
        if o.episode.decisiveAt == nil, time - o.episode.start >= Int64(RecentBins.windows[hour] - 1) * TimeBin.seconds,
           let w = recent.window(hour), w.logRatio <= logDecisiveRatio,
           w.logRatio / calibration.scale(hour, counting: w.counting) <= -parameters.decisiveFactor * calibration.limit(hour) {
            o.episode.decisiveAt = time
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
            recent.clear()
            return
        }
        let limit = o.minimumRatio <= parameters.deepRatio ? parameters.inpaintLimit : parameters.shallowLimit
        if time - o.episode.start >= limit {
            // Long enough: this is the new normal.
            var closed = o.episode
            closed.end = time
            open = nil
            step.closed = closed
            baseline.acceptLevel(logRatio: r)
            baseline.record(index, value: value, residual: nil)
            recent.clear()
            return
        }
        open = o
        baseline.record(index, value: o.normalRun > 0 ? value : expected, residual: nil)
    }

    /// Not in an episode: the window rules, dips, and learning.
    private mutating func watch(time: Int64, index: Int64, value: Double, expected e: Expectation, ratio: Double, r: Double,
                                z: Double, step: inout Step) {
        var alarm: Int?
        var weak = false
        // Only a drop under way now, two bins long at least, can raise anything: one
        // glitching bin never does.
        let lowNow = recent.lowNow(2)
        for k in RecentBins.windows.indices where lowNow {
            guard let w = recent.window(k) else { continue }
            let score = w.logRatio / calibration.scale(k, counting: w.counting)
            let limit = calibration.limit(k)
            if alarm == nil, w.logRatio <= logWindowRatios[k], score <= -limit,
               k != 0 || recent.allBelow(parameters.deepRatio, last: RecentBins.windows[0]) {
                alarm = k
            }
            // A precise series shows a ramp or a shallow drop within ten minutes.
            if alarm == nil, k == 0, w.logRatio <= logPreciseRatio, score <= -parameters.preciseFactor * limit,
               recent.allBelow(parameters.preciseRatio, last: RecentBins.windows[0]) {
                alarm = k
            }
            if k < RecentBins.windows.count - 1, w.logRatio <= logDipRatio, score <= -max(parameters.dipScore, 0.75 * limit) {
                weak = true
            }
        }
        let expected = max(e.expected, 1e-9)
        if let k = alarm {
            let reach = RecentBins.windows[k] + 12
            let start = recent.dropStart(limit: reach) ?? time - Int64(RecentBins.windows[k] - 1) * TimeBin.seconds
            // A dip that began just before is the same drop, seen early.
            let dipStart = dip.map(\.start).flatMap { $0 >= time - Int64(reach) * TimeBin.seconds ? $0 : nil } ?? start
            let episode = SignalEpisode(key: key, start: min(start, dipStart), end: nil, detectedAt: time,
                                        drop: min(1, max(0, 1 - ratio)), baseline: expected, observed: value, noise: e.sigma)
            open = Open(episode: episode, minimumRatio: ratio)
            step.opened = episode
            if var d = dip {
                d.end = time
                step.dip = d
                dip = nil
            }
            calibration.discardPending()
            baseline.record(index, value: expected, residual: nil)
            return
        }
        if weak {
            if dip == nil { dip = SignalSpan(key: key, start: recent.dropStart(limit: 12) ?? time, end: nil, seenAt: time) }
            dipQuiet = 0
        } else if var d = dip {
            dipQuiet += 1
            if dipQuiet >= 3 {
                d.end = time - Int64(dipQuiet - 1) * TimeBin.seconds
                step.dip = d
                dip = nil
            }
        }
        calibration.push(recent)
        // A bin well below expected waits as a candidate: it does not teach the baseline.
        let suspicious = ratio < parameters.suspectRatio && z < -2.5
        baseline.record(index, value: suspicious ? expected : value, residual: suspicious ? nil : r)
    }
}

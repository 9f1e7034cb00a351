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
/// signal's episode but raise nothing by themselves) and how sensitive it is now (the
/// smallest drop it would raise within an hour), which the entity's other signals are
/// judged against (`SignalCorroboration`).
public struct SeriesWatcher: Sendable {
    public let key: SeriesKey
    let parameters: TocsinParameters
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
        /// Whether a whole 10-minute window read at or below `deepRatio`.
        var wentDeep = false
    }

    /// What one bin did (kept small: it is returned for every point).
    public struct Step: Sendable {
        public var expectation: Expectation?
        /// An episode opened at this bin (raised now): `ongoing`.
        public var opened = false
        /// An episode closed at this bin: `lastClosed`.
        public var closed = false
        /// A dip ended with this bin: `lastDip`.
        public var dipEnded = false
        /// The observed / expected ratio, where both exist.
        public var ratio: Double?
        /// This bin fell to or below the deep-drop ratio from a bin that was not: an onset.
        public var deepOnset = false
    }

    public init(key: SeriesKey, parameters: TocsinParameters = TocsinParameters()) {
        self.key = key
        self.parameters = parameters
        calibration = WindowCalibration(floors: parameters.windowFloors + [parameters.stepFloor], margin: parameters.calibrationMargin)
    }

    /// A bin reads clearly low only when at least 3% below expected.
    static let logClearlyLow = log(0.97)

    public var ongoing: SignalEpisode? { open?.episode }
    /// The episode and the dip that ended last.
    public private(set) var lastClosed: SignalEpisode?
    public private(set) var lastDip: SignalSpan?
    public var ongoingDip: SignalSpan? { dip }

    /// Whether the series holds now: it had data in the last two bins and no episode is open.
    public var holds: Bool {
        guard open == nil, let last = lastTime, let seen = lastDataTime, watchingSince != nil else { return false }
        return last - seen < 2 * TimeBin.seconds
    }

    /// The smallest drop (0–1) that the hour window would raise now: what this series' holding
    /// says about another signal's drop. 1 when it cannot tell.
    public var sensitivity: Double {
        let hour = 2
        guard let w = recent.window(hour) else { return 1 }
        let reach = calibration.limit(hour) * calibration.scale(hour, counting: w.counting)
        return min(1, max(1 - parameters.windowRatios[hour], 1 - exp(-reach)))
    }

    /// Records which of the entity's other signals held when the open episode was raised.
    mutating func noteHolders(_ holders: [SignalName: Double]) {
        open?.episode.holders = holders
    }

    public mutating func observe(time: Int64, value: Double?) -> Step {
        var step = Step()
        if let last = lastTime, time <= last { return step }
        lastTime = time
        let index = time / TimeBin.seconds
        guard let value, value.isFinite else {
            baseline.record(index, value: nil, residual: nil)
            recent.push(time: time, value: nil, expected: nil, low: false)
            if open == nil { calibration.push(recent) }
            return step
        }
        lastDataTime = time
        guard let e = baseline.expectation(at: index) else {
            baseline.record(index, value: value, residual: nil)
            recent.push(time: time, value: nil, expected: nil, low: false)
            return step
        }
        if watchingSince == nil { watchingSince = time }
        step.expectation = e
        let expected = max(e.expected, 1e-9)
        let r = log(max(value, 0.5) / max(expected, 0.5))
        let z = r / e.sigma
        let ratio = value / expected
        step.ratio = ratio
        recent.push(time: time, value: value, expected: expected, low: r < -2 * e.sigma && r < Self.logClearlyLow)
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
        // A long shallow episode that steps down deep is a new drop: the outage begins at
        // the step, where the entity's other signals fall with it.
        let newest = RecentBins.windows[0]
        let deepNow = recent.allBelow(parameters.deepRatio, last: newest)
        if !o.wentDeep, deepNow, time - o.episode.start >= parameters.stepDownAfter,
           !recent.allBelow(parameters.deepRatio, last: newest + 1) {
            let onset = time - Int64(newest - 1) * TimeBin.seconds
            var closed = o.episode
            closed.end = onset
            lastClosed = closed
            step.closed = true
            step.deepOnset = true
            o = Open(episode: SignalEpisode(key: key, start: onset, end: nil, detectedAt: time, drop: min(1, max(0, 1 - ratio)),
                                            baseline: expected, observed: value),
                     minimumRatio: ratio)
            open = o
            step.opened = true
        }
        o.wentDeep = o.wentDeep || deepNow
        if ratio < o.minimumRatio {
            o.minimumRatio = ratio
            o.episode.drop = min(1, max(0, 1 - ratio))
            o.episode.baseline = expected
            o.episode.observed = value
        }
        let hour = 2
        if o.episode.decisiveAt == nil, time - o.episode.start >= Int64(RecentBins.windows[hour] - 1) * TimeBin.seconds,
           let w = recent.window(hour), w.ratio <= parameters.decisiveRatio,
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
            lastClosed = closed
            step.closed = true
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
            lastClosed = closed
            step.closed = true
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
        // glitching bin never does. In a noisy series a real drop leaves single bins inside
        // their noise, so the longer windows also count a drop under way when the last two bins
        // both read at most `fallingRatio` and, together, beyond twice their noise.
        let lowNow = recent.lowNow(2)
        let fallingNow = lowNow || recent.allBelow(parameters.fallingRatio, last: 2) && recent.window(0).map { w in
            w.logRatio / calibration.scale(0, counting: w.counting) <= -2
        } == true
        for k in RecentBins.windows.indices where k == 0 ? lowNow : fallingNow {
            guard let w = recent.window(k), w.ratio <= max(parameters.dipRatio, parameters.windowRatios[k])
            else { continue }
            let score = w.logRatio / calibration.scale(k, counting: w.counting)
            let limit = calibration.limit(k)
            if alarm == nil, w.ratio <= parameters.windowRatios[k], score <= -limit,
               k != 0 || recent.allBelow(parameters.deepRatio, last: RecentBins.windows[0]) {
                alarm = k
            }
            // A precise series shows a ramp or a shallow drop within ten minutes.
            if alarm == nil, k == 0, w.ratio <= parameters.preciseRatio, score <= -parameters.preciseFactor * limit,
               recent.allBelow(parameters.preciseRatio, last: RecentBins.windows[0]) {
                alarm = k
            }
            if k < RecentBins.windows.count - 1, w.ratio <= parameters.dipRatio, score <= -max(parameters.dipScore, 0.75 * limit) {
                weak = true
            }
        }
        // A precise series shows a ramp's first minutes as a step down from the half hour
        // before, whatever its level was off by that day; a lesser step marks a dip.
        if alarm == nil, let w = recent.step(), recent.allBelow(parameters.fallingRatio, last: RecentBins.windows[0]) {
            let k = RecentBins.stepIndex
            let score = w.logRatio / calibration.scale(k, counting: w.counting)
            if score <= -calibration.limit(k), recent.allBelow(parameters.stepLevel, last: RecentBins.windows[0]) {
                alarm = 0
            } else if score <= -max(parameters.dipScore, parameters.stepDipShare * calibration.limit(k)) {
                weak = true
            }
        }
        let expected = max(e.expected, 1e-9)
        if let k = alarm, let w = recent.window(k) {
            let reach = RecentBins.windows[k] + 12
            let lost = max(1 - w.ratio, 1 - (recent.window(0)?.ratio ?? 1))
            let start = recent.dropStart(limit: reach, deficit: parameters.startShare * lost)
                ?? time - Int64(RecentBins.windows[k] - 1) * TimeBin.seconds
            // A dip that began just before is the same drop, seen early.
            let dipStart = dip.map(\.start).flatMap { $0 >= time - Int64(reach) * TimeBin.seconds ? $0 : nil } ?? start
            let episode = SignalEpisode(key: key, start: min(start, dipStart), end: nil, detectedAt: time,
                                        drop: min(1, max(0, 1 - ratio)), baseline: expected, observed: value)
            open = Open(episode: episode, minimumRatio: ratio)
            step.opened = true
            if var d = dip {
                d.end = time
                lastDip = d
                step.dipEnded = true
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
                lastDip = d
                step.dipEnded = true
                dip = nil
            }
        }
        calibration.push(recent)
        // A bin well below expected waits as a candidate, and a spike is no new level: neither
        // teaches the baseline.
        let suspicious = (ratio < parameters.suspectRatio && z < -2.5) || (ratio > parameters.spikeRatio && z > 2.5)
        baseline.record(index, value: suspicious ? expected : value, residual: suspicious ? nil : r)
    }
}

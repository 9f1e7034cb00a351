import TocsinCore

/// Watches one series with IODA's median-ratio method, one bin at a time, causally.
///
/// Feed bins in increasing time order; each call sees only the past, so an episode's
/// `detectedAt` is exactly the bin at which a live run would have raised it. A bin with no
/// data changes nothing: it neither enters the history nor ends an episode.
public struct MedianRatioMonitor: Sendable {
    public let key: SeriesKey
    public let parameters: IODAParameters
    private var history: SlidingMedian
    /// Since when history has been inpainted without a break.
    private var inpaintingSince: Int64?
    private var current: SignalEpisode?
    /// The first bin at which a prediction could be made.
    public private(set) var predictingSince: Int64?
    private var lastTime: Int64?

    public init(key: SeriesKey, parameters: IODAParameters) {
        self.key = key
        self.parameters = parameters
        self.history = SlidingMedian(window: parameters.window)
    }

    /// The episode in progress, if any.
    public var ongoing: SignalEpisode? { current }

    /// Takes the value of the bin at `time`; returns an episode when this bin ended one.
    public mutating func observe(time: Int64, value: Double?) -> SignalEpisode? {
        if let last = lastTime, time <= last { return nil }
        lastTime = time
        guard let value else { return nil }
        history.expire(before: time)
        let neededBins = Double(parameters.window / TimeBin.seconds) * parameters.minimumCoverage
        guard Double(history.count) >= neededBins, let prediction = history.median,
              prediction >= parameters.minimumPrediction
        else {
            history.insert(time: time, value: value)
            inpaintingSince = nil
            return nil
        }
        if predictingSince == nil { predictingSince = time }
        let ratio = value / prediction
        remember(time: time, value: value, ratio: ratio, prediction: prediction)

        if ratio < parameters.threshold {
            let drop = min(1, max(0, 1 - ratio))
            if var episode = current {
                if drop > episode.drop {
                    episode.drop = drop
                    episode.baseline = prediction
                    episode.observed = value
                }
                current = episode
            } else {
                current = SignalEpisode(key: key, start: time, end: nil, detectedAt: time, drop: drop, baseline: prediction, observed: value)
            }
            return nil
        }
        guard var episode = current else { return nil }
        episode.end = time
        current = nil
        return episode
    }

    /// History inpainting: a value far from the prediction enters the history as the
    /// prediction, so an outage does not teach the baseline, until 7 days of it have passed
    /// and the new level is accepted.
    private mutating func remember(time: Int64, value: Double, ratio: Double, prediction: Double) {
        if parameters.inpaintRange.contains(ratio) {
            inpaintingSince = nil
            history.insert(time: time, value: value)
            return
        }
        let since = inpaintingSince ?? time
        inpaintingSince = since
        history.insert(time: time, value: time - since < parameters.inpaintLimit ? prediction : value)
    }
}

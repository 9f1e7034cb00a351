import TocsinCore

/// IODA's published detector: per signal, the ratio of each value to the median of a
/// trailing window, with history inpainting (see `IODAParameters`). Kept as the reference
/// that Tocsin's own detectors must beat.
public struct IODADetector: Sendable {
    public static let method = "ioda-median-ratio"
    /// Parameters by family; families absent here are not watched.
    public var parameters: @Sendable (SignalFamily) -> IODAParameters?

    public init(parameters: @escaping @Sendable (SignalFamily) -> IODAParameters? = IODAParameters.for) {
        self.parameters = parameters
    }

    /// Runs over complete series (a batch run); the result equals a streaming run that saw
    /// the same bins one at a time.
    public func detect(_ series: [Series], names: [EntityID: String] = [:]) -> [OutageEvent] {
        var episodes: [SignalEpisode] = []
        var watching: [EntityID: [SignalName: Int64]] = [:]
        for s in series {
            guard let p = parameters(s.key.signal.family) else { continue }
            var monitor = MedianRatioMonitor(key: s.key, parameters: p)
            for (time, value) in zip(s.times, s.values) {
                if let finished = monitor.observe(time: time, value: value) { episodes.append(finished) }
            }
            if let open = monitor.ongoing { episodes.append(open) }
            if let since = monitor.predictingSince { watching[s.key.entity, default: [:]][s.key.signal] = since }
        }
        return EpisodeFusion(method: Self.method, names: names).events(from: episodes, watching: watching)
    }
}

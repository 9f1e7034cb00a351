import TocsinCore

/// Tocsin's detector: per series a `SeriesWatcher`, all series advanced bin by bin together
/// so that a drop shared by many countries at once can be recognised as a collector artifact,
/// then per-entity fusion, roll-up of networks into their country, and classification of
/// scope and cause (`EventClassifier`).
///
/// Everything is causal: a run over data truncated at any bin gives exactly the events a
/// live run would have shown then, with the same `detected_at`.
public struct TocsinDetector: Sendable {
    public static let method = "tocsin"
    /// The detector's version, recorded in evidence: changes whenever its rules or defaults do.
    public static let version = "2026.12.4"
    public var parameters: TocsinParameters
    /// Threads the per-series watchers run on; nil uses every core. A server keeps one core
    /// for its requests (results are the same whatever the number).
    public var workers: Int?

    public init(parameters: TocsinParameters = TocsinParameters(), workers: Int? = nil) {
        self.parameters = parameters
        self.workers = workers
    }

    /// - Parameters:
    ///   - series: any series; activity signals (`bgp_updates`) are used as evidence only.
    ///   - entities: metadata: names, and the country and access type of each network.
    ///
    /// A collector artifact is a bin at which the same signal newly fell to half or less in at
    /// least half of the countries that have it (and at least three): an Internet-wide drop
    /// starting at the same 5 minutes everywhere is the measurement, not the networks.
    public func detect(_ series: [Series], entities: [Entity] = []) -> DetectionResult {
        stream(series, entities: entities).result()
    }

    /// The stream as it stands after taking `series` (a live detector's starting point);
    /// `result()` on it is `detect`'s answer. Empty series are registered too.
    public func stream(_ series: [Series], entities: [Entity] = []) -> TocsinStream {
        // Each series' watcher depends on nothing but its own series, so the watchers run in
        // parallel over whole series; artifacts are then decided from the recorded onsets
        // exactly as `TocsinStream` decides them bin by bin (the tests hold the two equal).
        var stream = TocsinStream(parameters: parameters, entities: entities)
        let watched = Self.mergingDuplicates(series.filter { $0.key.signal.family != .activity })
        for s in watched { _ = stream.slot(for: s.key) }
        for s in Self.mergingDuplicates(series.filter { $0.key.signal.family == .activity }) {
            for (t, v) in zip(s.times, s.values) { stream.advanceActivity(key: s.key, time: t, value: v) }
        }
        // One entity's watchers run together (each raised episode records which of its
        // entity's other signals held); entities run in parallel.
        var groups: [[Int]] = []
        var groupOf: [EntityID: Int] = [:]
        for (i, s) in watched.enumerated() {
            if let g = groupOf[s.key.entity] { groups[g].append(i) } else { groupOf[s.key.entity] = groups.count; groups.append([i]) }
        }
        let traced = ParallelMap.map(groups, workers: workers) { members in
            EntityWatch.run(members.map { watched[$0] }, parameters: parameters)
        }
        var traces = [SeriesTrace](repeating: SeriesTrace(), count: watched.count)
        for (members, result) in zip(groups, traced) { for (i, trace) in zip(members, result) { traces[i] = trace } }
        stream.replay(traces)
        return stream
    }

    /// One series per key: the samples of repeated keys are merged (the later wins per bin).
    static func mergingDuplicates(_ series: [Series]) -> [Series] {
        let keys = series.map(\.key)
        guard Set(keys).count < keys.count else { return series }
        var order: [SeriesKey] = []
        var samples: [SeriesKey: [(time: Int64, value: Double?)]] = [:]
        for s in series {
            if samples[s.key] == nil { order.append(s.key) }
            samples[s.key, default: []] += zip(s.times, s.values).map { (time: $0, value: $1) }
        }
        return order.map { Series(key: $0, samples: samples[$0]!) }
    }

    /// Grows with depth and with agreeing signals: each signal contributes
    /// min(1, drop / 0.6) × 0.8, combined as independent pieces of evidence.
    @Sendable public static func confidence(_ episodes: [SignalEpisode], _ watched: Int) -> Double {
        var bySignal: [SignalName: Double] = [:]
        for e in episodes { bySignal[e.key.signal] = max(bySignal[e.key.signal] ?? 0, e.drop) }
        let doubt = bySignal.values.reduce(1.0) { $0 * (1 - 0.8 * min(1, $1 / 0.6)) }
        return ((1 - doubt) * 1000).rounded() / 1000
    }
}

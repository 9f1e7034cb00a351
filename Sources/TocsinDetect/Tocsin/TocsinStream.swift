import TocsinCore

/// Tocsin's detector, live: feed it one bin at a time, ask for the events any time.
///
/// All series advance together bin by bin, so a drop that starts at the same bin in many
/// countries is recognised as a collector artifact before its episodes are raised. The
/// batch detector (`TocsinDetector`) is this stream fed with whole series, so batch and
/// streaming runs over the same data give the same events.
public struct TocsinStream: Sendable {
    public let parameters: TocsinParameters
    private let meta: [EntityID: Entity]
    private var index: [SeriesKey: Int] = [:]
    private var watchers: [SeriesWatcher] = []
    private var countries: [String?] = []
    private var countriesBySignal: [SignalName: Set<String>] = [:]
    private var activity: [SeriesKey: Series] = [:]
    private var episodes: [SignalEpisode] = []
    private var dips: [SignalSpan] = []
    private var slotsOfEntity: [EntityID: [Int]] = [:]
    private var suppressed: Set<SeriesKey> = []
    private var artifactBins: [SignalName: [Int64: CollectorArtifact]] = [:]
    public private(set) var lastTime: Int64?

    public init(parameters: TocsinParameters = TocsinParameters(), entities: [Entity] = []) {
        self.parameters = parameters
        self.meta = Dictionary(entities.map { ($0.id, $0) }, uniquingKeysWith: { _, b in b })
    }

    /// The number of series watched.
    public var seriesCount: Int { watchers.count }

    /// The watcher slot of a series, creating it on first sight.
    public mutating func slot(for key: SeriesKey) -> Int {
        if let i = index[key] { return i }
        let i = watchers.count
        index[key] = i
        watchers.append(SeriesWatcher(key: key, parameters: parameters))
        slotsOfEntity[key.entity, default: []].append(i)
        let country = key.entity.country ?? meta[key.entity].flatMap { $0.country.isEmpty ? nil : $0.country }
        countries.append(country)
        if let country { countriesBySignal[key.signal, default: []].insert(country) }
        return i
    }

    /// Takes the values of one bin (bins must come in increasing time). Activity signals are
    /// kept as evidence; series not mentioned simply have no data this bin.
    public mutating func advance(time: Int64, values: [(SeriesKey, Double?)]) {
        var slots: [(Int, Double?)] = []
        slots.reserveCapacity(values.count)
        for (key, value) in values {
            if key.signal.family == .activity {
                activity[key, default: Series(key: key)].appendIfLater(time: time, value: value)
            } else {
                slots.append((slot(for: key), value))
            }
        }
        advance(time: time, slots: slots)
    }

    /// Keeps one value of an activity series (evidence for the classifier).
    mutating func advanceActivity(key: SeriesKey, time: Int64, value: Double?) {
        activity[key, default: Series(key: key)].appendIfLater(time: time, value: value)
    }

    /// The same, with series named by their slot (the fast path for batch runs).
    public mutating func advance(time: Int64, slots: [(Int, Double?)]) {
        if let last = lastTime, time <= last { return }
        lastTime = time
        var deepCountries: [SignalName: Set<String>] = [:]
        var openedNow: [(Int, SignalEpisode)] = []
        for (i, value) in slots {
            let step = watchers[i].observe(time: time, value: value)
            if step.deepOnset, let c = countries[i] { deepCountries[watchers[i].key.signal, default: []].insert(c) }
            if step.opened, let opened = watchers[i].ongoing { openedNow.append((i, opened)) }
            if step.closed, let closed = watchers[i].lastClosed, suppressed.remove(closed.key) == nil { episodes.append(closed) }
            if step.dipEnded, let dip = watchers[i].lastDip { dips.append(dip) }
        }
        for (i, _) in openedNow {
            watchers[i].noteHolders(EntityWatch.holders(watchers, among: slotsOfEntity[watchers[i].key.entity] ?? [], except: i))
        }
        for (signal, set) in deepCountries {
            let total = countriesBySignal[signal]?.count ?? 0
            if set.count >= parameters.artifactMinimumCountries, Double(set.count) >= parameters.artifactShare * Double(total) {
                artifactBins[signal, default: [:]][time] = CollectorArtifact(signal: signal, time: time, countries: set.count, of: total, suppressed: [])
            }
        }
        for (i, episode) in openedNow {
            let signal = episode.key.signal
            guard let bins = artifactBins[signal] else { continue }
            if let hit = Self.artifactBin(near: episode, in: bins) {
                suppressed.insert(watchers[i].key)
                artifactBins[signal]![hit]!.suppressed.append(episode.key.entity)
            }
        }
    }

    /// Takes what the watchers of every registered series did over their whole series
    /// (in slot order), and decides the collector artifacts and suppressions from it as
    /// `advance` would have, bin by bin.
    mutating func replay(_ traces: [SeriesTrace]) {
        precondition(traces.count == watchers.count, "one trace per registered series")
        var onsets: [SignalName: [Int64: Set<String>]] = [:]
        for (i, trace) in traces.enumerated() {
            watchers[i] = trace.watcher!
            dips += trace.dips
            guard let c = countries[i] else { continue }
            for t in trace.onsets { onsets[watchers[i].key.signal, default: [:]][t, default: []].insert(c) }
        }
        for (signal, byTime) in onsets {
            let total = countriesBySignal[signal]?.count ?? 0
            for (time, set) in byTime where set.count >= parameters.artifactMinimumCountries
                && Double(set.count) >= parameters.artifactShare * Double(total) {
                artifactBins[signal, default: [:]][time] = CollectorArtifact(signal: signal, time: time, countries: set.count, of: total, suppressed: [])
            }
        }
        // Opened episodes in the order a live run would have raised them.
        var opened: [(Int, SignalEpisode)] = []
        for (i, trace) in traces.enumerated() { opened += trace.opened.map { (i, $0) } }
        opened.sort { ($0.1.detectedAt, $0.0) < ($1.1.detectedAt, $1.0) }
        var suppressedStarts: Set<SeriesKeyStart> = []
        for (i, episode) in opened {
            let signal = episode.key.signal
            guard let bins = artifactBins[signal] else { continue }
            if let hit = Self.artifactBin(near: episode, in: bins) {
                suppressedStarts.insert(SeriesKeyStart(key: watchers[i].key, start: episode.start))
                artifactBins[signal]![hit]!.suppressed.append(episode.key.entity)
            }
        }
        for (i, trace) in traces.enumerated() {
            episodes += trace.closed.filter { !suppressedStarts.contains(SeriesKeyStart(key: $0.key, start: $0.start)) }
            if let open = watchers[i].ongoing, suppressedStarts.contains(SeriesKeyStart(key: open.key, start: open.start)) {
                suppressed.insert(open.key)
            }
        }
        lastTime = watchers.compactMap(\.lastTime).max()
    }

    /// An artifact bin within 10 minutes of the episode's start (and not after it was raised):
    /// only a drop that began with the artifact is the artifact's doing.
    static func artifactBin(near episode: SignalEpisode, in bins: [Int64: CollectorArtifact]) -> Int64? {
        let last = min(episode.start + 2 * TimeBin.seconds, episode.detectedAt)
        return stride(from: episode.start - 2 * TimeBin.seconds, through: last, by: Int(TimeBin.seconds)).first { bins[$0] != nil }
    }

    /// Registers series before their first value, so artifact decisions count every country
    /// from the start (as the batch detector does).
    public mutating func register(_ keys: [SeriesKey]) {
        for key in keys where key.signal.family != .activity { _ = slot(for: key) }
    }

    /// The events so far (ongoing ones with `end` nil), fused, rolled up and classified.
    public func result() -> DetectionResult {
        var all = episodes
        var allDips = dips
        var watching: [EntityID: [SignalName: Int64]] = [:]
        for w in watchers {
            if let open = w.ongoing, !suppressed.contains(open.key) { all.append(open) }
            if let dip = w.ongoingDip { allDips.append(dip) }
            if let since = w.watchingSince { watching[w.key.entity, default: [:]][w.key.signal] = since }
        }
        let names = meta.compactMapValues { $0.name.isEmpty ? nil : $0.name }
        let outcome = SignalCorroboration(parameters: parameters).decide(episodes: all, dips: allDips, now: lastTime ?? .min)
        let fused = EpisodeFusion(method: TocsinDetector.method, names: names, confidence: TocsinDetector.confidence)
            .events(grouped: outcome.groups, watching: watching)
        let classified = EventClassifier(entities: meta, activity: Array(activity.values)).classify(fused)
        let artifacts = artifactBins.values.flatMap(\.values).filter { !$0.suppressed.isEmpty }
            .sorted { ($0.time, $0.signal) < ($1.time, $1.signal) }
        return DetectionResult(events: classified, artifacts: artifacts, faults: outcome.faults)
    }
}

/// An episode's identity: its series and its start.
struct SeriesKeyStart: Hashable {
    var key: SeriesKey
    var start: Int64
}

/// What one watcher did over a whole series.
struct SeriesTrace: Sendable {
    var watcher: SeriesWatcher?
    var onsets: [Int64] = []
    var opened: [SignalEpisode] = []
    var closed: [SignalEpisode] = []
    var dips: [SignalSpan] = []
}

extension Series {
    /// Appends unless the time is not after the last sample.
    mutating func appendIfLater(time: Int64, value: Double?) {
        if let last = times.last, time <= last { return }
        append(time: time, value: value)
    }
}

import Foundation
import Metrics
import TocsinCore
import TocsinDetect
import TocsinStore

/// Tocsin's detector kept running between ticks of `serve`: each tick feeds it only the bins
/// written since the last one, and updates the stored events in place.
///
/// The store's change journal says what was written since the last tick. New bins after the
/// last one taken are simply fed; points for a bin already taken (a source that reports late,
/// a bin completed by a second source) rewind the stream to its copy before that bin
/// (`RewindableStream`: one every 30 minutes for the last hour) and replay from there.
/// Points older than that, a new series, or changed entity metadata start again from the
/// whole store, as does the first tick: the bulk of the history runs through the batch
/// detector, the last hour bin by bin so that copies exist. Whatever the order in which
/// data came, the events equal a batch run's over the same store (the tests hold them equal).
///
/// Events are written as they change: new and changed ones saved, vanished ones deleted, so
/// feeds and webhooks see each change once.
public actor LiveDetection {
    /// What one tick did.
    public struct Tick: Sendable {
        /// Bins fed to the detector (each bin once, however many series it had).
        public var bins: Int
        public var seconds: Double
        /// Whether the tick started again from the whole store.
        public var rebuilt: Bool
        /// Events saved (new or changed) and deleted.
        public var saved: Int
        public var deleted: Int
        /// Of `seconds`: reading the store, and writing events and faults back.
        public var readSeconds: Double
        public var writeSeconds: Double
    }

    /// A copy of the detector every 30 minutes of bins, the last two kept: points up to an
    /// hour late cost a replay from a copy. Each copy costs about the detector's own memory
    /// (`BENCHMARKS.md`), hence so few.
    static let copySpacing = 6 * TimeBin.seconds
    static let copiesKept = 2

    let store: any SignalStore
    let detector: TocsinDetector
    private var live: RewindableStream?
    private var revision: Int64 = 0
    private var keys: Set<SeriesKey> = []
    private var written: [String: OutageEvent]?
    private let tickSeconds = Gauge(label: "tocsin_detector_tick_seconds")
    private let tickBins = Gauge(label: "tocsin_detector_tick_bins")

    public init(store: any SignalStore, detector: TocsinDetector = TocsinDetector()) {
        self.store = store
        self.detector = detector
    }

    /// Drops the detector's state: another instance detects now. Should this one take over
    /// again, its next tick starts from the whole store and the events stored meanwhile.
    public func standBy() {
        live = nil
        written = nil
        revision = 0
        keys = []
    }

    /// Brings the detector and the stored events up to date with the store.
    @discardableResult
    public func tick() async throws -> Tick {
        let started = ContinuousClock.now
        let changes = try await store.changes(after: revision)
        let current = Set(try await store.seriesKeys(entity: nil))
        var bins = 0
        var rebuilt = false
        var read = Duration.zero
        if var stream = live, !changes.entities, current.isSubset(of: keys),
           changes.earliest.map({ $0 > (stream.lastTime ?? .min) || stream.rewind(before: $0) }) ?? true {
            let series = try await store.allSeries(from: (stream.lastTime ?? .min) + 1, until: .max)
            read = ContinuousClock.now - started
            bins = Self.feed(series, after: stream.lastTime ?? .min, into: &stream)
            live = stream
        } else {
            let series = try await store.allSeries(from: .min, until: .max)
            let entities = try await store.entities()
            read = ContinuousClock.now - started
            let newest = series.compactMap(\.times.last).max() ?? 0
            // The batch detector takes everything up to a copy point an hour back; the rest
            // goes bin by bin, leaving copies to rewind to.
            let horizon = (newest - Int64(Self.copiesKept) * Self.copySpacing) / Self.copySpacing * Self.copySpacing
            let head = series.map { $0.prefix(through: horizon) }
            var stream = RewindableStream(detector.stream(head, entities: entities), spacing: Self.copySpacing, kept: Self.copiesKept)
            bins = Self.feed(series, after: horizon, into: &stream)
            live = stream
            keys = Set(series.map(\.key)).union(current)
            rebuilt = true
        }
        revision = changes.revision
        let result = live!.stream.result()
        let writing = ContinuousClock.now
        let (saved, deleted) = try await write(result)
        let seconds = Self.seconds(ContinuousClock.now - started)
        tickSeconds.record(seconds)
        tickBins.record(bins)
        return Tick(bins: bins, seconds: seconds, rebuilt: rebuilt, saved: saved, deleted: deleted,
                    readSeconds: Self.seconds(read), writeSeconds: Self.seconds(ContinuousClock.now - writing))
    }

    private static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// Feeds the points after `after` bin by bin; returns the bins fed.
    private static func feed(_ series: [Series], after: Int64, into stream: inout RewindableStream) -> Int {
        var byTime: [Int64: [(SeriesKey, Double?)]] = [:]
        for s in series {
            for (t, v) in zip(s.times, s.values) where t > after { byTime[t, default: []].append((s.key, v)) }
        }
        let times = byTime.keys.sorted()
        for t in times { stream.advance(time: t, values: byTime[t]!) }
        return times.count
    }

    /// Saves the events that are new or changed, deletes those that are gone, and replaces
    /// the signal faults.
    private func write(_ result: DetectionResult) async throws -> (saved: Int, deleted: Int) {
        let before: [String: OutageEvent]
        if let written { before = written } else {
            before = Dictionary(try await store.events(EventQuery()).map { ($0.id, $0) }, uniquingKeysWith: { $1 })
        }
        let now = Dictionary(result.events.map { ($0.id, $0) }, uniquingKeysWith: { $1 })
        let changed = result.events.filter { before[$0.id] != $0 }
        let gone = before.keys.filter { now[$0] == nil }
        try await store.transaction {
            try $0.save(events: changed)
            try $0.deleteEvents(ids: gone)
            try $0.replaceFaults(with: result.faults)
        }
        written = now
        return (changed.count, gone.count)
    }
}

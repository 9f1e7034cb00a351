import Foundation
import TocsinCore

/// Follows public BGP archives (RouteViews, RIPE RIS): fetches each new update file as it
/// appears, in time order, and turns it into `bgp` signals, starting from a RIB dump.
///
/// Progress (the RIB the routing state started from and the next update time) is kept in a
/// small JSON file; after a restart the state is rebuilt from the files already downloaded
/// (kept in the cache folder until the next RIB), and fetching resumes where it stopped. Bins
/// recomputed on the way come out identical, so the store sees them as unchanged.
public actor ArchivePoller {
    public struct Progress: Codable, Sendable, Equatable {
        /// The RIB dump time the routing state was built from.
        public var ribTime: Int64
        /// The next update-file time to fetch.
        public var next: Int64

        public init(ribTime: Int64, next: Int64) {
            self.ribTime = ribTime
            self.next = next
        }
    }

    /// What the poller has done since it started.
    public struct Report: Sendable {
        public var downloaded = 0
        public var fromCache = 0
        /// Files given up on (the most recent 100).
        public var missing: [String] = []
        /// The most recent problems (at most 100); `errorCount` counts them all.
        public var errors: [String] = []
        public var errorCount = 0
        public var points = 0

        mutating func note(missing url: String) {
            missing.append(url)
            if missing.count > 100 { missing.removeFirst(missing.count - 100) }
        }

        mutating func note(error: String) {
            errorCount += 1
            errors.append(error)
            if errors.count > 100 { errors.removeFirst(errors.count - 100) }
        }
    }

    public let collectors: [ArchiveCollector]
    private let cacheFolder: String
    private let start: Int64
    private let fetcher: any ArchiveFetcher
    private let sink: @Sendable ([SignalPoint]) async throws -> Void
    private var ingest: MRTIngest
    public private(set) var progress: Progress?
    public private(set) var report = Report()
    private var rebuilt = false
    /// A file still missing this long after its time is given up.
    public var patience: Int64 = 7_200
    /// At most this many update times are fetched per poll.
    public var batch = 48

    public init(collectors: [ArchiveCollector], cacheFolder: String, start: Int64, counter: VisibilityCounter,
                fetcher: any ArchiveFetcher = HTTPArchiveFetcher(), sink: @escaping @Sendable ([SignalPoint]) async throws -> Void) {
        self.collectors = collectors
        self.cacheFolder = cacheFolder
        self.start = start
        self.fetcher = fetcher
        self.sink = sink
        ingest = MRTIngest(recorder: BGPSignalRecorder(counter: counter))
    }

    private var step: Int64 { collectors.map(\.layout.updatesInterval).min() ?? 300 }
    private var ribInterval: Int64 { collectors.map(\.layout.ribInterval).max() ?? 8 * 3600 }
    private var progressFile: String { "\(cacheFolder)/progress.json" }

    public func setPatience(_ seconds: Int64) { patience = seconds }

    /// Fetches and ingests what has appeared up to `now` (Unix seconds).
    public func poll(now: Int64) async {
        guard !collectors.isEmpty else { return }
        try? FileManager.default.createDirectory(atPath: cacheFolder, withIntermediateDirectories: true)
        if progress == nil { progress = loadProgress() ?? Progress(ribTime: floorTo(start, ribInterval), next: floorTo(start, ribInterval)) }
        guard var p = progress else { return }
        if !rebuilt {
            // The routing state lives in memory: rebuild it from the RIB and the updates since.
            guard await loadRIBs(at: p.ribTime, now: now) else { return }
            var t = p.ribTime
            while t < p.next {
                guard await loadUpdates(at: t, now: now) != .wait else { return }
                t += step
            }
            rebuilt = true
        }
        for _ in 0..<batch {
            let t = p.next
            guard t + step <= now else { break }  // a file is complete only after its interval
            if t != p.ribTime, t % ribInterval == 0 {
                guard await loadRIBs(at: t, now: now) else { break }
                prune(before: t)
                p.ribTime = t
            }
            guard await loadUpdates(at: t, now: now) != .wait else { break }
            p.next = t + step
            progress = p
            saveProgress(p)
            // Everything before the next file's time has been seen: close those bins.
            await deliver(ingest.recorder.advance(to: p.next))
        }
        progress = p
        saveProgress(p)
    }

    private enum Outcome { case done, skipped, wait }

    private func loadRIBs(at time: Int64, now: Int64) async -> Bool {
        for c in collectors where time % c.layout.ribInterval == 0 {
            if await load(c, c.layout.ribPath(at: time), time: time, now: now) == .wait { return false }
        }
        return true
    }

    private func loadUpdates(at time: Int64, now: Int64) async -> Outcome {
        var outcome = Outcome.done
        for c in collectors where time % c.layout.updatesInterval == 0 {
            let o = await load(c, c.layout.updatesPath(at: time), time: time, now: now)
            if o == .wait { return .wait }
            if o == .skipped { outcome = .skipped }
        }
        return outcome
    }

    /// From the cache, else downloaded; then ingested. `.wait` when the file is not there yet.
    private func load(_ collector: ArchiveCollector, _ path: String, time: Int64, now: Int64) async -> Outcome {
        let local = "\(cacheFolder)/\(collector.name)/\(path.replacingOccurrences(of: "/", with: "_"))"
        if FileManager.default.fileExists(atPath: local) {
            report.fromCache += 1
        } else {
            try? FileManager.default.createDirectory(atPath: "\(cacheFolder)/\(collector.name)", withIntermediateDirectories: true)
            do {
                switch try await fetcher.fetch(collector.url(path), to: local) {
                case .saved: report.downloaded += 1
                case .notFound:
                    guard now - time > patience else { return .wait }
                    report.note(missing: collector.url(path))
                    return .skipped
                }
            } catch {
                report.note(error: "\(error)")
                guard now - time > patience else { return .wait }
                report.note(missing: collector.url(path))
                return .skipped
            }
        }
        ingest.collector = collector.name
        var summary = MRTIngest.Summary()
        var points: [SignalPoint] = []
        ingest.ingest(path: local, summary: &summary) { points += $0 }
        for error in summary.errors { report.note(error: error.description) }
        await deliver(points)
        return .done
    }

    private func deliver(_ points: [SignalPoint]) async {
        guard !points.isEmpty else { return }
        report.points += points.count
        do { try await sink(points) } catch { report.note(error: "store: \(error)") }
    }

    private func floorTo(_ time: Int64, _ interval: Int64) -> Int64 { time - ((time % interval) + interval) % interval }

    private func loadProgress() -> Progress? {
        guard let data = FileManager.default.contents(atPath: progressFile) else { return nil }
        return try? JSONDecoder().decode(Progress.self, from: data)
    }

    private func saveProgress(_ p: Progress) {
        guard let data = try? JSONEncoder().encode(p) else { return }
        try? data.write(to: URL(fileURLWithPath: progressFile + ".new"))
        _ = rename(progressFile + ".new", progressFile)
    }

    /// Drops cached files older than the RIB the state now starts from.
    private func prune(before time: Int64) {
        for c in collectors {
            let folder = "\(cacheFolder)/\(c.name)"
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
                if let stamp = ArchiveLayout.time(inName: name), stamp < time {
                    try? FileManager.default.removeItem(atPath: "\(folder)/\(name)")
                }
            }
        }
    }
}

import TocsinCore
import TocsinDetect
import TocsinStore

/// Runs the detector over everything in a store and keeps its events there.
///
/// The detector is causal and deterministic, so running it over the whole store each time
/// gives exactly the events a bin-by-bin streaming run would have raised by now.
public struct StoreDetection: Sendable {
    public var detector: IODADetector

    public init(detector: IODADetector = IODADetector()) { self.detector = detector }

    @discardableResult
    public func run(on store: any SignalStore) async throws -> [OutageEvent] {
        let series = try await store.allSeries(from: .min, until: .max)
        let names = Dictionary(
            try await store.entities().filter { $0.name != $0.id.rawValue }.map { ($0.id, $0.name) },
            uniquingKeysWith: { a, _ in a }
        )
        let events = detector.detect(series, names: names)
        try await store.transaction { try $0.replaceEvents(with: events) }
        return events
    }
}

import TocsinCore
import TocsinDetect
import TocsinStore

/// Runs a detector over everything in a store and keeps its events and signal faults there.
///
/// The detectors are causal and deterministic, so running one over the whole store each time
/// gives exactly the events a bin-by-bin streaming run would have raised by now.
public struct StoreDetection: Sendable {
    /// Which detector runs.
    public enum Method: String, Sendable, CaseIterable {
        /// Tocsin's seasonal, multi-signal detector (the default).
        case tocsin
        /// IODA's median-ratio method, the reference.
        case ioda
    }

    public var method: Method
    /// Threads for Tocsin's detector; nil uses every core.
    public var workers: Int?

    public init(method: Method = .tocsin, workers: Int? = nil) {
        self.method = method
        self.workers = workers
    }

    /// Runs over `series` with `entities` as metadata.
    public func detect(_ series: [Series], entities: [Entity]) -> DetectionResult {
        switch method {
        case .tocsin:
            return TocsinDetector(workers: workers).detect(series, entities: entities)
        case .ioda:
            return DetectionResult(events: IODADetector().detect(series, names: Entity.displayNames(entities)), artifacts: [])
        }
    }

    @discardableResult
    public func run(on store: any SignalStore) async throws -> DetectionResult {
        let series = try await store.allSeries(from: .min, until: .max)
        let entities = try await store.entities()
        let result = detect(series, entities: entities)
        try await store.transaction {
            try $0.replaceEvents(with: result.events)
            try $0.replaceFaults(with: result.faults)
        }
        return result
    }
}

import TocsinCore
import TocsinStore

/// 30-day range queries (8,640 points) of one series at a time, spread over the series: what a
/// chart of the API or the entity page asks the store for.
enum RangeQueries {
    /// Times `rounds` queries, each of the 30 days from `start(key)` (series without a start are
    /// skipped), and describes them: "30-day range query (8640 points), 1000 queries: median …".
    static func measure(_ store: some SignalStore, keys: [SeriesKey], rounds: Int = 1000,
                        from start: (SeriesKey) async throws -> Int64?) async throws -> String {
        var samples: [Double] = []
        var points = 0
        let clock = ContinuousClock()
        for round in 0..<rounds {
            let key = keys[round * 7919 % keys.count]
            guard let from = try await start(key) else { continue }
            let elapsed = try await clock.measure {
                points = try await store.series(key, from: from, until: from + 30 * 86_400).count
            }
            samples.append(elapsed.seconds * 1000)
        }
        samples.sort()
        func pct(_ p: Double) -> String { String(format: "%.3f", samples[min(samples.count - 1, Int(Double(samples.count) * p))]) }
        return "30-day range query (\(points) points), \(samples.count) queries: median \(pct(0.5)) ms, p90 \(pct(0.9)) ms, p99 \(pct(0.99)) ms"
    }
}

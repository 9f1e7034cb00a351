import Foundation
import TocsinCore
import TocsinStore

/// A year of history, then a retention: 30-day range queries of the newest month before and
/// after pruning the store to 35 days, and the cost of the prune itself.
enum RetentionBench {
    static func year(series: Int, days: Int, location: String) async throws {
        let keys = (0..<series).map { SeriesKey(entity: .asn(UInt32($0 + 1)), signal: .probing) }
        let place = try StoreLocation(argument: location)
        if case .sqlite(let folder) = place { try? FileManager.default.removeItem(atPath: folder) }
        let store = try await place.open()
        let origin: Int64 = 1_640_995_200
        let clock = ContinuousClock()
        let filled = try await clock.measure {
            for day in 0..<days {
                var points: [SignalPoint] = []
                points.reserveCapacity(series * 288)
                for key in keys {
                    for b in 0..<288 {
                        let t = origin + Int64(day * 288 + b) * 300
                        points.append(SignalPoint(key: key, time: t, value: Double(900 + (b * 7 + day) % 200)))
                    }
                }
                try await store.upsert(points: points)
            }
        }
        print("filled \(series) series × \(days) days (\(series * days * 288) points) in \(filled.seconds) s")
        let end = origin + Int64(days) * 86_400
        try await report("before pruning", store: store, keys: keys, until: end)
        let retention = try PointRetention(days: 35)
        var blocks = 0
        let pruning = try await clock.measure { blocks = try await retention.prune(store, now: end) }
        print("pruned to 35 days: \(blocks) day blocks dropped in \(pruning.seconds) s")
        try await report("after pruning", store: store, keys: keys, until: end)
        await store.close()
    }

    /// 1,000 queries of the newest 30 days of a series, spread over the series.
    static func report(_ label: String, store: some SignalStore, keys: [SeriesKey], until: Int64) async throws {
        print("\(label): " + (try await RangeQueries.measure(store, keys: keys) { _ in until - 30 * 86_400 }))
    }
}

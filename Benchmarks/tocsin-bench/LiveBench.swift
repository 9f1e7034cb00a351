import Foundation
import TocsinCore
import TocsinDetect
import TocsinServer
import TocsinStore

/// The live detector of `serve` on a store: the first tick (what a restart costs) and then
/// ticks that each follow one new bin of every series, against the length of history.
enum LiveBench {
    static func ticks(entities: Int, weeks: Int, folder: String) async throws {
        let signals: [SignalName] = [.bgp, .probing, .traffic, try! SignalName("telescope")]
        let keys = (0..<entities).flatMap { e in signals.map { SeriesKey(entity: .asn(UInt32(e + 1)), signal: $0) } }
        try? FileManager.default.removeItem(atPath: folder)
        let store = try SQLiteSignalStore.open(folder: folder)
        let origin: Int64 = 1_640_995_200
        let bins = weeks * 7 * 288
        var rng = SplitMix64(seed: 5)
        func bin(_ b: Int) -> [SignalPoint] {
            let season = 1 + 0.3 * sin(2 * Double.pi * Double(b % 288) / 288)
            return keys.map { SignalPoint(key: $0, time: origin + Int64(b) * 300, value: (1000 * season * (1 + 0.02 * (Double(rng.next() % 1000) / 500 - 1))).rounded()) }
        }
        let clock = ContinuousClock()
        let imported = try await clock.measure {
            for day in stride(from: 0, to: bins, by: 288) {
                var points: [SignalPoint] = []
                for b in day..<min(bins, day + 288) { points += bin(b) }
                points.sort { ($0.key.entity, $0.key.signal, $0.time) < ($1.key.entity, $1.key.signal, $1.time) }
                try await store.upsert(points: points)
            }
        }
        let live = LiveDetection(store: store, detector: TocsinDetector(workers: max(1, ProcessInfo.processInfo.activeProcessorCount - 1)))
        var first: LiveDetection.Tick?
        let firstTime = try await clock.measure { first = try await live.tick() }
        var ticks: [LiveDetection.Tick] = []
        for b in bins..<(bins + 12) {
            try await store.upsert(points: bin(b))
            ticks.append(try await live.tick())
        }
        ticks.sort { $0.seconds < $1.seconds }
        let samples = ticks.map(\.seconds)
        let median = ticks[6]
        print("live: \(keys.count) series × \(weeks) weeks (\(keys.count * bins) points, imported in \(String(format: "%.1f", imported.seconds)) s); first tick \(String(format: "%.2f", firstTime.seconds)) s (\(first!.bins) bins bin by bin); one new bin: median \(String(format: "%.3f", samples[6])) s (reading \(String(format: "%.3f", median.readSeconds)) s, writing \(String(format: "%.3f", median.writeSeconds)) s), max \(String(format: "%.3f", samples.last!)) s; peak RSS \(GeoBench.peakRSS() / 1024) MB")
    }
}

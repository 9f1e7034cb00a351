import Foundation
import TocsinCore
import TocsinDetect

/// Detector benchmarks: batch throughput on a generated scenario, and the cost of one live
/// bin for many series.
enum DetectBench {
    /// Batch: Tocsin's detector over a generated scenario of `countries` × 9 entities.
    static func batch(countries: Int, weeks: Int) {
        var generator = ScenarioGenerator(seed: 1)
        generator.countries = countries
        generator.weeks = weeks
        let clock = ContinuousClock()
        var scenario: Scenario?
        let generation = clock.measure { scenario = generator.generate() }
        let s = scenario!
        let points = s.series.reduce(0) { $0 + $1.count }
        let before = GeoBench.peakRSS()
        var result: DetectionResult?
        let elapsed = clock.measure { result = TocsinDetector().detect(s.series, entities: s.entities) }
        let seconds = elapsed.seconds
        print("batch: \(s.entities.count) entities, \(s.series.count) series, \(points) points (generated in \(String(format: "%.1f", generation.seconds)) s)")
        print("batch: detected \(result!.events.count) events in \(String(format: "%.2f", seconds)) s: \(String(format: "%.2f", Double(points) / seconds / 1e6)) M points/s; peak RSS \(GeoBench.peakRSS() / 1024) MB (before detection \(before / 1024) MB)")
    }

    /// Streaming: `entities` × 4 signals warmed up on `warmupDays` of data, then the time of
    /// one more bin, over several bins.
    static func streaming(entities: Int, warmupDays: Int) {
        let signals: [SignalName] = [.bgp, .probing, .traffic, try! SignalName("telescope")]
        var keys: [SeriesKey] = []
        for e in 0..<entities { for s in signals { keys.append(SeriesKey(entity: .asn(UInt32(e + 1)), signal: s)) } }
        let before = GeoBench.peakRSS()
        var stream = TocsinStream()
        let slots = keys.map { stream.slot(for: $0) }
        var rng = SplitMix64(seed: 3)
        func values(_ bin: Int) -> [(Int, Double?)] {
            let season = 1 + 0.3 * sin(2 * Double.pi * Double(bin % 288) / 288)
            return slots.map { ($0, 1000 * season * (1 + 0.02 * (Double(rng.next() % 1000) / 500 - 1))) }
        }
        let origin: Int64 = 1_640_995_200
        let clock = ContinuousClock()
        let warmBins = warmupDays * 288
        let warm = clock.measure {
            for b in 0..<warmBins { stream.advance(time: origin + Int64(b) * 300, slots: values(b)) }
        }
        var samples: [Double] = []
        for b in warmBins..<(warmBins + 12) {
            let v = values(b)
            let d = clock.measure { stream.advance(time: origin + Int64(b) * 300, slots: v) }
            samples.append(d.seconds * 1000)
        }
        samples.sort()
        let rss = GeoBench.peakRSS()
        print("streaming: \(keys.count) series warmed on \(warmupDays) days in \(String(format: "%.1f", warm.seconds)) s; one bin: median \(String(format: "%.1f", samples[6])) ms, max \(String(format: "%.1f", samples.last!)) ms; peak RSS \(rss / 1024) MB, \(String(format: "%.1f", Double(rss - before) / Double(entities))) KiB per entity (4 series)")
    }
}

#if canImport(Glibc)
import Glibc
#endif

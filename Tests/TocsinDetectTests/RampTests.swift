#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import TocsinCore
@testable import TocsinDetect

/// Drops that arrive slowly: the first minutes of a ramp, and a deep drop inside a long
/// shallow episode.
@Suite("Ramps and step-downs")
struct RampTests {
    let kz = try! EntityID("country/KZ")

    /// 21 days of a precise series (1% noise) whose level is off by up to ±8% each day,
    /// the way real feeds wobble from one day to the next; `shape` scales chosen bins.
    func wobblingSeries(_ signal: SignalName, seed: UInt64, shape: (Int) -> Double = { _ in 1 }) -> Series {
        var rng = SplitMix64(seed: seed)
        let days = 21
        let wobble = (0..<days).map { _ in 1 + 0.04 * rng.gaussian() }
        var s = Series(key: SeriesKey(entity: kz, signal: signal))
        for i in 0..<(days * 288) {
            let daily = 1 + 0.3 * sin(2 * Double.pi * Double(i % 288) / 288)
            let value = 10_000 * daily * wobble[i / 288] * (1 + 0.01 * rng.gaussian()) * shape(i)
            s.append(time: SeriesFixtures.time(bin: i), value: value)
        }
        return s
    }

    @Test func theFirstMinutesOfARampAreRaisedByTheStep() throws {
        // From day 20, 10:00 UTC, the series slides to 10% over an hour (a shutdown rolled out
        // network by network) and stays there.
        let start = 20 * 288 + 120
        let ramp = { (i: Int) -> Double in i < start ? 1 : 1 - 0.9 * min(1, Double(i - start) / 12) }
        let s = wobblingSeries(.probing, seed: 7, shape: ramp)
        var withoutStep = TocsinParameters()
        withoutStep.stepLevel = 0
        let stepped = try #require(TocsinDetector().detect([s]).events.first)
        let windowed = try #require(TocsinDetector(parameters: withoutStep).detect([s]).events.first)
        let rampStart = SeriesFixtures.time(bin: start)
        #expect(stepped.detectedAt - rampStart <= 20 * 60, "raised at most 20 minutes in, at a third of the depth")
        #expect(stepped.detectedAt < windowed.detectedAt, "the windows alone see it later")
        #expect(abs(stepped.start - rampStart) <= 15 * 60)
    }

    @Test func aDayOfWobbleRaisesNoStep() {
        #expect(TocsinDetector().detect([wobblingSeries(.probing, seed: 11)]).events.isEmpty)
    }

    @Test func aDeepDropInsideALongShallowEpisodeStartsItsOwnEpisode() throws {
        // Day 20: from 02:00 the series sags to 70% (a shallow episode that lasts), and at
        // 12:00 it falls to 5% for an hour.
        let sag = 20 * 288 + 24, deep = 20 * 288 + 144
        let shape = { (i: Int) -> Double in
            if (deep..<(deep + 12)).contains(i) { return 0.05 }
            return i >= sag && i < 20 * 288 + 200 ? 0.7 : 1
        }
        let s = wobblingSeries(.probing, seed: 3, shape: shape)
        var watcher = SeriesWatcher(key: s.key)
        var episodes: [SignalEpisode] = []
        for (t, v) in zip(s.times, s.values) {
            let step = watcher.observe(time: t, value: v)
            if step.closed, let closed = watcher.lastClosed { episodes.append(closed) }
            if step.opened, let opened = watcher.ongoing { episodes.append(opened) }
        }
        let deepStart = SeriesFixtures.time(bin: deep)
        let restarted = try #require(episodes.first { $0.start == deepStart })
        #expect(restarted.detectedAt == deepStart + 300, "raised at the second deep bin")
        #expect(episodes.contains { $0.start < deepStart && $0.end == deepStart }, "the shallow episode ends at the step")
    }
}

import Foundation
import Testing
import TocsinCore
import TocsinDetect
import TocsinStore
import TocsinTestSupport
@testable import TocsinServer

/// The live detector of `serve` against the batch detector: fed the same store in pieces,
/// with bins completed late and points arriving hours late, it leaves exactly the events a
/// batch run over the store leaves, having processed only the new bins on most ticks.
@Suite("Live detection", .timeLimit(.minutes(5)))
struct LiveDetectionTests {
    static let scenario: Scenario = {
        var g = FieldScenarioGenerator(seed: 41)
        g.entities = 4
        g.weeks = 7
        return g.generate()
    }()

    private func points(_ series: [Series], _ include: (SeriesKey, Int64) -> Bool) -> [SignalPoint] {
        series.flatMap { s in
            zip(s.times, s.values).filter { include(s.key, $0.0) }.map { SignalPoint(key: s.key, time: $0.0, value: $0.1) }
        }
    }

    private func batchEvents(_ store: SQLiteSignalStore) async throws -> [OutageEvent] {
        TocsinDetector().detect(try await store.allSeries(from: .min, until: .max), entities: try await store.entities()).events
    }

    private func storedEvents(_ store: SQLiteSignalStore) async throws -> [OutageEvent] {
        try await store.events(EventQuery()).sorted { ($0.start, $0.entity) < ($1.start, $1.entity) }
    }

    @Test func liveEventsEqualBatchEventsWhateverTheArrivalOrder() async throws {
        let scenario = Self.scenario
        let truth = try #require(scenario.truth.first { $0.start > scenario.end - 9 * 86_400 && $0.end - $0.start < 12 * 3600 })
        let from = truth.start - 6 * 3600
        let until = truth.end + 6 * 3600
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = try SQLiteSignalStore(path: folder.file("tocsin.sqlite"))
        try await store.upsert(entities: scenario.entities)
        try await store.upsert(points: points(scenario.series) { _, t in t < from })
        let live = LiveDetection(store: store)
        let first = try await live.tick()
        #expect(first.rebuilt)
        #expect(try await storedEvents(store) == batchEvents(store))

        // Then 30 minutes at a time, the last bin of every other series held back to the next
        // piece (a bin completed late).
        let keys = scenario.series.map(\.key)
        let heldBack = Set(keys.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
        var t = from
        var ticks: [LiveDetection.Tick] = []
        var checked = 0
        while t < until {
            let end = t + 1800
            try await store.upsert(points: points(scenario.series) { key, time in
                let last = end - TimeBin.seconds
                if heldBack.contains(key) { return time >= t - TimeBin.seconds && time < last }
                return time >= t && time < end
            })
            ticks.append(try await live.tick())
            if ticks.count % 4 == 0 {
                #expect(try await storedEvents(store) == batchEvents(store), "after the piece ending \(UTCTime.format(end))")
                checked += 1
            }
            t = end
        }
        #expect(checked >= 5)
        #expect(ticks.allSatisfy { !$0.rebuilt }, "bins completed within the hour rewind, they do not start again")
        #expect(ticks.allSatisfy { $0.bins <= 14 }, "\(ticks.map(\.bins))")
        #expect(ticks.contains { $0.saved > 0 }, "the outage was raised live")

        // A correction four hours back rewinds further than the copies reach: start again.
        let old = scenario.series[1]
        let i = try #require(old.times.lastIndex { $0 < t - 4 * 3600 })
        try await store.upsert(points: [SignalPoint(key: old.key, time: old.times[i], value: (old.values[i] ?? 1) * 0.2)])
        let corrected = try await live.tick()
        #expect(corrected.rebuilt)
        #expect(try await storedEvents(store) == batchEvents(store))
        // Nothing new: nothing fed, nothing written.
        let idle = try await live.tick()
        #expect(idle.bins == 0 && idle.saved == 0 && idle.deleted == 0 && !idle.rebuilt)
    }

    @Test func eventsThatVanishAreDeletedAndTheRestKept() async throws {
        let scenario = Self.scenario
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = try SQLiteSignalStore(path: folder.file("tocsin.sqlite"))
        try await store.upsert(entities: scenario.entities)
        try await store.upsert(points: points(scenario.series) { _, _ in true })
        let live = LiveDetection(store: store)
        try await live.tick()
        let before = try await storedEvents(store)
        let gone = try #require(before.last { $0.end != nil })
        // The drop was a gap in the feed after all: the points are restored to normal.
        var repaired: [SignalPoint] = []
        for s in scenario.series where s.key.entity == gone.entity {
            let weekBefore = Dictionary(zip(s.times, s.values).map { ($0.0 + 7 * 86_400, $0.1) }, uniquingKeysWith: { $1 })
            for time in s.times where time >= gone.start - 3600 && time < gone.end! + 3600 {
                repaired.append(SignalPoint(key: s.key, time: time, value: weekBefore[time] ?? nil))
            }
        }
        try await store.upsert(points: repaired)
        let tick = try await live.tick()
        let after = try await storedEvents(store)
        #expect(after == (try await batchEvents(store)))
        #expect(!after.contains { $0.id == gone.id })
        #expect(tick.deleted >= 1)
        #expect(after.filter { $0.entity != gone.entity } == before.filter { $0.entity != gone.entity })

        // A restart starts again from the store and finds every stored event as it left it:
        // nothing is written again (so no webhook or feed sees a change twice).
        let restarted = try await LiveDetection(store: store).tick()
        #expect(restarted.rebuilt && restarted.saved == 0 && restarted.deleted == 0)
        #expect(try await storedEvents(store) == after)
    }
}

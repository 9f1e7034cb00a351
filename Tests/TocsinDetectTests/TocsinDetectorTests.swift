import Foundation
import Testing
@testable import TocsinCore
@testable import TocsinDetect

@Suite("Tocsin's detector")
struct TocsinDetectorTests {
    let kz = try! EntityID("country/KZ")

    @Test func deepDropStartsEndsAndIsRaisedExactly() {
        // 21 days of data; day 20, 10:30-11:05 UTC at 2% of normal.
        let outage = (20 * 288 + 126)..<(20 * 288 + 133)
        let s = SeriesFixtures.series(kz, .probing, days: 21) { outage.contains($0) ? .some(20) : .none }
        let events = TocsinDetector().detect([s]).events
        #expect(events.count == 1)
        let e = events[0]
        #expect(e.start == SeriesFixtures.time(bin: outage.lowerBound))
        #expect(e.end == SeriesFixtures.time(bin: outage.upperBound))
        #expect(e.detectedAt == e.start + 300, "two bins at ≤ 50%: raised at the second")
        #expect(e.severity > 0.97)
        #expect(e.evidence.method == "tocsin")
        #expect(e.cause == .shutdown, "national, on the half hour, routes not watched")
    }

    @Test func shallowDropsAreFoundByTheCUSUM() {
        let outage = (20 * 288 + 40)..<(20 * 288 + 100)
        let normal = SeriesFixtures.series(kz, .traffic, days: 21, swing: 0.3)
        let s = Series(key: normal.key, samples: zip(normal.times, normal.values).enumerated().map { i, sample -> (time: Int64, value: Double?) in
            let value: Double? = outage.contains(i) ? sample.1.map { $0 * 0.7 } : sample.1
            return (time: sample.0, value: value)
        })
        let events = TocsinDetector().detect([s]).events
        #expect(events.count == 1)
        let e = events[0]
        #expect(abs(e.start - SeriesFixtures.time(bin: outage.lowerBound)) <= 600)
        #expect(e.detectedAt - e.start <= 1800, "a 30% drop is raised within half an hour")
        #expect(abs(e.severity - 0.3) < 0.05)
    }

    @Test func repeatedSeriesAreMergedNotFatal() {
        let outage = (20 * 288 + 126)..<(20 * 288 + 133)
        let s = SeriesFixtures.series(kz, .probing, days: 21) { outage.contains($0) ? .some(20) : .none }
        let half = Series(key: s.key, samples: zip(s.times, s.values).prefix(100).map { (time: $0, value: $1) })
        #expect(TocsinDetector().detect([half, s]).events.count == 1)
    }

    @Test func gapsAndSingleGlitchesRaiseNothing() {
        let s = SeriesFixtures.series(kz, .probing, days: 21) { i in
            if (18 * 288)..<(18 * 288 + 50) ~= i { return .some(.none) }  // no rows
            if (19 * 288)..<(19 * 288 + 50) ~= i { return Double??.some(Double?.none) }  // empty values
            if i == 20 * 288 + 7 || i == 20 * 288 + 100 { return .some(0) }  // lone glitches
            return .none
        }
        #expect(TocsinDetector().detect([s]).events.isEmpty)
    }

    @Test func aDropEverywhereAtOnceIsACollectorArtifact() throws {
        let codes = ["KZ", "IR", "MM", "SD"]
        var series: [Series] = []
        for code in codes {
            series.append(SeriesFixtures.series(try EntityID("country/\(code)"), .bgp, days: 21, swing: 0) {
                (20 * 288 + 10)..<(20 * 288 + 15) ~= $0 ? .some(300) : .none
            })
        }
        // And one country's own outage later, which must stay.
        series[0] = SeriesFixtures.series(kz, .bgp, days: 21, swing: 0) {
            if (20 * 288 + 10)..<(20 * 288 + 15) ~= $0 { return .some(300) }
            return (20 * 288 + 100)..<(20 * 288 + 110) ~= $0 ? .some(100) : .none
        }
        let result = TocsinDetector().detect(series)
        #expect(result.artifacts.count == 1)
        #expect(Set(result.artifacts[0].suppressed) == Set(try codes.map { try EntityID("country/\($0)") }))
        #expect(result.artifacts[0].countries == 4)
        #expect(result.events.count == 1)
        #expect(result.events[0].start == SeriesFixtures.time(bin: 20 * 288 + 100))
    }

    @Test func anArtifactDoesNotSwallowARealDropThatBeganEarlier() throws {
        let day = 20 * 288
        var series: [Series] = []
        // KZ: a real 30% traffic drop from bin 10; later, probing drops everywhere at bin 40.
        let normal = SeriesFixtures.series(kz, .traffic, days: 21, swing: 0.3)
        series.append(Series(key: normal.key, samples: zip(normal.times, normal.values).enumerated().map { i, s -> (time: Int64, value: Double?) in
            (time: s.0, value: (day + 10)..<(day + 80) ~= i ? s.1.map { $0 * 0.7 } : s.1)
        }))
        for code in ["KZ", "IR", "MM", "SD"] {
            series.append(SeriesFixtures.series(try EntityID("country/\(code)"), .probing, days: 21) { (day + 40)..<(day + 44) ~= $0 ? .some(100) : .none })
        }
        let result = TocsinDetector().detect(series)
        #expect(result.artifacts.count == 1)
        // The traffic drop is still seen, not swallowed by the artifact: KZ's probing held
        // through it (its glitch went with the artifact), so it is a fault of traffic alone.
        #expect(result.events.filter { $0.entity == kz }.isEmpty)
        let faults = result.faults.filter { $0.entity == kz }
        #expect(faults.count == 1)
        #expect(faults.first?.signal == .traffic)
        #expect(faults.first?.start == SeriesFixtures.time(bin: day + 10))
    }

    @Test func causesFollowThePublishedPatterns() throws {
        let day = 20 * 288
        // Routes kept while the data plane collapses, on the half hour: a shutdown.
        let kept = TocsinDetector().detect([
            SeriesFixtures.series(kz, .bgp, days: 21, swing: 0),
            SeriesFixtures.series(kz, .probing, days: 21) { (day + 126)..<(day + 200) ~= $0 ? .some(10) : .none },
        ]).events
        #expect(kept.map(\.cause) == [.shutdown])
        #expect(kept[0].evidence.notes.contains { $0.contains("routes stayed announced") })
        // One network withdrawn with its data plane, off the hour: routing.
        let net = EntityID.asn(64_512)
        let routing = TocsinDetector().detect([
            SeriesFixtures.series(net, .bgp, days: 21, swing: 0) { (day + 41)..<(day + 60) ~= $0 ? .some(20) : .none },
            SeriesFixtures.series(net, .probing, days: 21) { (day + 41)..<(day + 60) ~= $0 ? .some(10) : .none },
        ], entities: [Entity(id: net, name: "Example", country: "KZ", access: .fixed)]).events
        #expect(routing.map(\.cause) == [.routing])
        #expect(routing[0].scope == .network)
        // Daily at the same hour: linked as a series.
        let curfew = TocsinDetector().detect([
            SeriesFixtures.series(kz, .probing, days: 24) { i in
                i >= day && (i % 288) >= 120 && (i % 288) < 168 ? .some(5) : .none
            },
        ]).events
        #expect(curfew.count == 4)
        #expect(curfew.dropFirst().allSatisfy { $0.evidence.recurrenceOf == curfew[0].id })
    }

    @Test("streaming equals batch, and detected_at is honest", .timeLimit(.minutes(5)))
    func streamingEqualsBatch() {
        var generator = ScenarioGenerator(seed: 11)
        generator.countries = 3
        generator.weeks = 5
        let scenario = generator.generate()
        let full = TocsinDetector().detect(scenario.series, entities: scenario.entities).events
        #expect(!full.isEmpty)
        // Feed the same data bin by bin and look at the events at many points on the way.
        var stream = TocsinStream(entities: scenario.entities)
        var byTime: [Int64: [(SeriesKey, Double?)]] = [:]
        for s in scenario.series { for (t, v) in zip(s.times, s.values) { byTime[t, default: []].append((s.key, v)) } }
        let times = byTime.keys.sorted()
        var checked = 0
        for (n, t) in times.enumerated() {
            stream.advance(time: t, values: byTime[t]!)
            guard n % 997 == 0 || n == times.count - 1 else { continue }
            let now = stream.result().events
            let expected = full.filter { $0.detectedAt <= t }
            #expect(Set(now.map(\.detectedAt)) == Set(expected.map(\.detectedAt)), "at \(UTCTime.format(t))")
            #expect(now.count == expected.count, "at \(UTCTime.format(t))")
            checked += 1
        }
        #expect(checked > 10)
        #expect(stream.result().events == full, "the whole stream equals the batch run")
    }
}

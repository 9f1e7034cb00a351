import Testing
@testable import TocsinCore
@testable import TocsinDetect

@Suite("IODA median-ratio detector")
struct IODADetectorTests {
    let kz = try! EntityID("country/KZ")

    @Test func findsAKnownDropWithExactStartEndAndDetection() {
        // Day 8, 10:30 to 11:05 UTC (bins 2430..<2437): probing at 2% of normal.
        let outage = (8 * 288 + 126)..<(8 * 288 + 133)
        let s = SeriesFixtures.series(kz, .probing, days: 10) { outage.contains($0) ? .some(20) : .none }
        let events = IODADetector().detect([s])
        #expect(events.count == 1)
        let e = events[0]
        #expect(e.entity == kz)
        #expect(e.start == SeriesFixtures.time(bin: outage.lowerBound))
        #expect(e.end == SeriesFixtures.time(bin: outage.upperBound))
        #expect(e.detectedAt == e.start, "IODA's method raises on the first bin below the threshold")
        #expect(e.scope == .national)
        #expect(e.signals.map(\.signal) == [.probing])
        #expect(e.severity > 0.97 && e.severity < 0.99)
        #expect(e.evidence.method == IODADetector.method)
        #expect(e.evidence.observed["probing"] == 20)
        #expect(e.confidence == 1)
    }

    @Test func ongoingEventHasNoEnd() {
        let s = SeriesFixtures.series(kz, .probing, days: 9) { $0 >= 8 * 288 + 200 ? .some(0) : .none }
        let events = IODADetector().detect([s])
        #expect(events.count == 1)
        #expect(events[0].end == nil)
        #expect(events[0].severity == 1)
    }

    @Test func gapsAreNoDataNotZero() {
        // Rows missing for a whole day and empty values for another: no event.
        let s = SeriesFixtures.series(kz, .probing, days: 10) { i in
            if (7 * 288)..<(8 * 288) ~= i { return .some(.none) }
            if (8 * 288)..<(9 * 288) ~= i { return Double??.some(Double?.none) }
            return .none
        }
        #expect(IODADetector().detect([s]).isEmpty)
    }

    @Test func aGapInsideAnOutageDoesNotEndIt() {
        let s = SeriesFixtures.series(kz, .probing, days: 10) { i in
            let start = 8 * 288
            if i == start + 5 || i == start + 6 { return .some(.none) }
            return (start..<(start + 20)).contains(i) ? .some(10) : .none
        }
        let events = IODADetector().detect([s])
        #expect(events.count == 1)
        #expect(events[0].start == SeriesFixtures.time(bin: 8 * 288))
        #expect(events[0].end == SeriesFixtures.time(bin: 8 * 288 + 20))
    }

    @Test func bgpUsesItsOwnThresholdAndWindow() {
        // A 2% loss of routed space is an event for BGP (threshold 0.99) but not for probing (0.80).
        let routes = SeriesFixtures.series(.asn(9198), .bgp, days: 3, level: 5000, swing: 0) { (2 * 288)..<(2 * 288 + 4) ~= $0 ? .some(4900) : .none }
        let probes = SeriesFixtures.series(.asn(9198), .probing, days: 9, level: 5000, swing: 0) { (8 * 288)..<(8 * 288 + 4) ~= $0 ? .some(4900) : .none }
        let events = IODADetector().detect([routes, probes])
        #expect(events.count == 1)
        #expect(events[0].signals.map(\.signal) == [.bgp])
        #expect(events[0].start == SeriesFixtures.time(bin: 2 * 288))
    }

    @Test func noPredictionBelowTwenty() {
        let s = SeriesFixtures.series(kz, .probing, days: 10, level: 15, swing: 0) { $0 >= 9 * 288 ? .some(0) : .none }
        #expect(IODADetector().detect([s]).isEmpty)
    }

    @Test func needsHistoryBeforePredicting() {
        // 3 days of probing is less than half of the 7-day window: no prediction yet.
        let s = SeriesFixtures.series(kz, .probing, days: 3) { $0 >= 2 * 288 ? .some(0) : .none }
        #expect(IODADetector().detect([s]).isEmpty)
    }

    @Test func activitySignalsAreNotWatched() throws {
        let s = SeriesFixtures.series(kz, try SignalName("bgp_updates"), days: 3) { $0 >= 2 * 288 ? .some(0) : .none }
        #expect(IODADetector().detect([s]).isEmpty)
    }

    @Test func inpaintingKeepsTheBaselineUntilSevenDaysThenAcceptsTheNewLevel() {
        // BGP (24 h window) drops to half for 9 days: without inpainting the median would adopt
        // the new level within 12 hours; with it, the event lasts 7 days and then ends.
        let dropStart = 2 * 288
        let s = SeriesFixtures.series(.asn(29355), .bgp, days: 13, level: 1000, swing: 0) { $0 >= dropStart ? .some(500) : .none }
        let events = IODADetector().detect([s])
        #expect(events.count == 1)
        let e = events[0]
        #expect(e.start == SeriesFixtures.time(bin: dropStart))
        let end = try! #require(e.end)
        let days = Double(end - e.start) / 86_400
        #expect(days > 7 && days < 8.1, "ended \(days) days later")
    }

    @Test func signalsOfOneEntityMergeIntoOneEvent() {
        let outage = (8 * 288)..<(8 * 288 + 30)
        let probing = SeriesFixtures.series(kz, .probing, days: 10) { outage.contains($0) ? .some(10) : .none }
        let traffic = SeriesFixtures.series(kz, .traffic, days: 10) { (outage.lowerBound + 3)..<(outage.upperBound + 6) ~= $0 ? .some(5) : .none }
        let routes = SeriesFixtures.series(kz, .bgp, days: 10, swing: 0)
        let events = IODADetector().detect([probing, traffic, routes], names: [kz: "Kazakhstan"])
        #expect(events.count == 1)
        let e = events[0]
        #expect(e.start == SeriesFixtures.time(bin: outage.lowerBound))
        #expect(e.end == SeriesFixtures.time(bin: outage.upperBound + 6))
        #expect(Set(e.signals.map(\.signal)) == [.probing, .traffic])
        #expect(abs(e.confidence - 2.0 / 3.0) < 1e-9, "two of three watched signals dropped")
        #expect(e.evidence.notes.allSatisfy { $0.hasPrefix("Kazakhstan (country/KZ)") })
    }

    @Test func streamingEqualsBatchAndDetectionIsHonest() {
        // Truncating the input at any bin gives exactly the events a live run would have had then.
        let outages = [(8 * 288 + 10)..<(8 * 288 + 40), (9 * 288 + 100)..<(9 * 288 + 103)]
        let s = SeriesFixtures.series(kz, .probing, days: 10) { i in outages.contains { $0.contains(i) } ? .some(30) : .none }
        let full = IODADetector().detect([s])
        #expect(full.count == 2)
        for cut in stride(from: 8 * 288, through: 10 * 288, by: 7) {
            let truncated = Series(key: s.key, samples: zip(s.times, s.values).prefix(cut).map { (time: $0, value: $1) })
            let partial = IODADetector().detect([truncated])
            let lastTime = SeriesFixtures.time(bin: cut - 1)
            let expected = full.filter { $0.detectedAt <= lastTime }
            #expect(partial.map(\.id) == expected.map(\.id), "cut at bin \(cut)")
            for (p, e) in zip(partial, expected) {
                #expect(p.detectedAt == e.detectedAt)
                #expect(p.start == e.start)
                if let end = e.end, end <= lastTime { #expect(p.end == end) } else { #expect(p.end == nil) }
            }
        }
    }
}

@Suite("Sliding median")
struct SlidingMedianTests {
    @Test func matchesANaiveMedian() {
        var generator = SystemRandomNumberGenerator()
        var window = SlidingMedian(window: 3000)
        var all: [(Int64, Double)] = []
        for i in 0..<2000 {
            let t = Int64(i) * 300
            window.expire(before: t)
            let live = all.filter { $0.0 > t - 3000 }.map(\.1).sorted()
            let expected: Double? = live.isEmpty ? nil : (live.count % 2 == 1 ? live[live.count / 2] : (live[live.count / 2 - 1] + live[live.count / 2]) / 2)
            #expect(window.median == expected)
            if Int.random(in: 0..<5, using: &generator) > 0 {
                let v = Double(Int.random(in: 0..<50, using: &generator))
                window.insert(time: t, value: v)
                all.append((t, v))
            }
        }
    }
}

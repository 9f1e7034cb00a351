#if canImport(Glibc)
import Glibc
#endif
import Testing
import TocsinCore
@testable import TocsinDetect

/// A drop one signal shows alone is a fault; drops that start together are one event; a long
/// episode of another signal neither pulls an event's start back nor keeps it open.
@Suite("Signal faults and fusion")
struct SignalCorroborationTests {
    let net = EntityID.asn(9198)
    let day = 20 * 288

    private func entity(_ drops: [SignalName: (Range<Int>, Double)]) -> [Series] {
        [SignalName.bgp, .probing, .traffic].map { signal in
            SeriesFixtures.series(net, signal, days: 21, swing: signal == .traffic ? 0.3 : 0.02) { i in
                guard let (range, factor) = drops[signal], range.contains(i) else { return .none }
                let swing: Double = signal == .traffic ? 0.3 : 0.02
                let phase: Double = 2 * Double.pi * Double(i % 288) / 288
                let normal: Double = 1000 * (1 + swing * sin(phase))
                return .some(normal * factor)
            }
        }
    }

    @Test func aDropOneSignalShowsAloneIsAFault() {
        let result = TocsinDetector().detect(entity([.traffic: ((day + 10)..<(day + 40), 0.55)]))
        #expect(result.events.isEmpty, "\(result.events)")
        #expect(result.faults.count == 1)
        let fault = result.faults.first
        #expect(fault?.signal == .traffic)
        #expect(fault?.held == [.bgp, .probing])
        #expect(fault?.start == SeriesFixtures.time(bin: day + 10))
        #expect(fault?.end == SeriesFixtures.time(bin: day + 40))
    }

    @Test func dropsThatStartTogetherAreOneEvent() {
        let result = TocsinDetector().detect(entity([
            .traffic: ((day + 10)..<(day + 40), 0.4),
            .probing: ((day + 11)..<(day + 40), 0.5),
        ]))
        #expect(result.faults.isEmpty)
        #expect(result.events.count == 1)
        let event = result.events.first
        // Both series are noise-free, equally precise: the earlier start wins.
        #expect(event?.start == SeriesFixtures.time(bin: day + 10))
        #expect(event?.end == SeriesFixtures.time(bin: day + 40))
        #expect(Set(event?.signals.map(\.signal) ?? []) == [.traffic, .probing])
        // Raised when the second signal agreed: probing's second low bin.
        #expect(event?.detectedAt == SeriesFixtures.time(bin: day + 12))
    }

    @Test func aLongFaultDoesNotPullAnEventBack() {
        // Traffic sags alone from day 19 for a day (a fault); probing and bgp fall on day 20.
        let sag = (19 * 288)..<(20 * 288 + 60)
        let result = TocsinDetector().detect(entity([
            .traffic: (sag, 0.6),
            .probing: ((day + 30)..<(day + 50), 0.1),
            .bgp: ((day + 30)..<(day + 50), 0.1),
        ]))
        #expect(result.events.count == 1)
        #expect(result.events.first?.start == SeriesFixtures.time(bin: day + 30))
        #expect(result.events.first?.end == SeriesFixtures.time(bin: day + 50))
        #expect(result.faults.contains { $0.signal == .traffic && $0.start == SeriesFixtures.time(bin: 19 * 288) })
    }

    @Test func aSignalAloneOnItsEntityStillRaises() {
        let series = [SeriesFixtures.series(net, .probing, days: 21) { (self.day + 10)..<(self.day + 30) ~= $0 ? .some(200) : .none }]
        let result = TocsinDetector().detect(series)
        #expect(result.events.count == 1)
        #expect(result.faults.isEmpty)
    }

    @Test func anEventStartsWhenItsSignalsFellTogether() {
        // Probing reads an early noise bin as the drop's start 40 minutes before traffic and
        // bgp fall 5 minutes apart: the event starts with the pair.
        let t: Int64 = 1_700_000_000
        #expect(EpisodeFusion.jointStart([t - 2400, t, t + 300], raised: t + 300) == t)
        // Lags within 15 minutes of each other: the earliest.
        #expect(EpisodeFusion.jointStart([t + 600, t], raised: t + 600) == t)
        // Two starts far apart: the one whose episode raised the event.
        #expect(EpisodeFusion.jointStart([t - 2400, t], raised: t) == t)
        #expect(EpisodeFusion.jointStart([t], raised: t) == t)
    }
}

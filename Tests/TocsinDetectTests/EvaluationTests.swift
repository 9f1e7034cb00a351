import Foundation
import Testing
import TocsinCore
@testable import TocsinDetect

@Suite("Evaluation")
struct EvaluationTests {
    @Test func generatorIsRepeatableAndLabelled() {
        var g = ScenarioGenerator(seed: 5)
        g.countries = 2
        g.weeks = 4
        let a = g.generate(), b = g.generate()
        #expect(a.truth == b.truth)
        #expect(a.series.count == b.series.count)
        #expect(a.series.first?.values == b.series.first?.values)
        #expect(a.entities.count == 18)
        #expect(a.truth.contains { $0.kind == .kazakhstan2022 && $0.entity == (try! EntityID("country/KZ/mobile")) && $0.primary })
        #expect(a.artifacts.count == 2)
    }

    @Test("Tocsin's detector beats IODA's on a generated scenario", .timeLimit(.minutes(5)))
    func tocsinBeatsIODA() {
        var g = ScenarioGenerator(seed: 7)
        g.countries = 3
        g.weeks = 6
        let (t, i, _) = EvaluationReport.sideBySide(g.generate())
        #expect(t.truths > 100)
        #expect(t.f1 >= 0.95, "F1 \(t.f1)")
        #expect(t.f1 > i.f1)
        #expect(t.falseAlarmsPerEntityMonth <= 0.1)
        #expect(t.causeAccuracy >= 0.8, "cause accuracy \(t.causeAccuracy)")
        #expect(t.mobileRecall.found == t.mobileRecall.of)
        #expect(t.artifactsReported >= 1)
    }

    /// The family the defaults were not first set on: telescope counts, sparse probing, flaps,
    /// gaps, level shifts, ramps and lags (FieldScenarioGenerator), at a seed used nowhere else.
    @Test("Tocsin's detector holds on the field family", .timeLimit(.minutes(5)))
    func holdsOnTheFieldFamily() {
        var g = FieldScenarioGenerator(seed: 31)
        g.entities = 12
        g.weeks = 6
        g.hard = true
        let scenario = g.generate()
        #expect(scenario.series.contains { $0.key.signal.rawValue == "telescope" })
        let (t, i, tocsin) = EvaluationReport.sideBySide(scenario)
        #expect(t.truths > 20)
        #expect(t.f1 >= 0.9, "F1 \(t.f1)")
        #expect(t.f1 > i.f1)
        #expect(t.falseAlarmsPerEntityMonth <= 0.3, "false alarms \(t.falseAlarmsPerEntityMonth)")
        #expect(!tocsin.faults.isEmpty, "the telescope and traffic nuisances show up as faults")
    }

    @Test func reportCountsMatchesMissesAndFalseAlarms() throws {
        let e = try EntityID("country/KZ")
        let scenario = Scenario(
            series: [Series(key: SeriesKey(entity: e, signal: .bgp))], entities: [],
            truth: [TruthEpisode(entity: e, start: 10_000, end: 20_000, depth: 0.9, kind: .routedShutdown, cause: .shutdown, primary: true, scope: .national),
                    TruthEpisode(entity: e, start: 100_000, end: 120_000, depth: 0.3, kind: .shallow, cause: .unknown, primary: true, scope: .national)],
            tolerated: [], evaluationStart: 0, end: 30 * 86_400, artifacts: [])
        func event(_ start: Int64, _ end: Int64?, cause: EventCause) -> OutageEvent {
            OutageEvent(entity: e, start: start, end: end, detectedAt: start + 300, severity: 0.9, signals: [], confidence: 1,
                        cause: cause, evidence: Evidence(method: "t"))
        }
        let r = EvaluationReport(detector: "t", scenario: scenario, events: [event(10_300, 20_000, cause: .shutdown), event(500_000, 501_000, cause: .unknown)])
        #expect(r.truths == 2)
        #expect(r.found == 1)
        #expect(r.falseAlarms == 1)
        #expect(r.precision == 0.5)
        #expect(r.recall == 0.5)
        #expect(r.causeAccuracy == 1)
        #expect(r.startErrors == [300])
        #expect(r.detectDelaysDeep == [600])
        #expect(r.shallowRecall.found == 0 && r.shallowRecall.of == 1)
    }

    @Test func parametersAreOverriddenByName() throws {
        let p = try TocsinParameters.overriding(json: Data(#"{"fallingRatio": 0.85, "windowRatios": [0.5, 0.7, 0.8, 0.8]}"#.utf8))
        #expect(p.fallingRatio == 0.85)
        #expect(p.windowRatios == [0.5, 0.7, 0.8, 0.8])
        #expect(p.deepRatio == TocsinParameters().deepRatio)
        #expect(throws: DecodingError.self) { try TocsinParameters.overriding(json: Data(#"{"fallingRatoi": 0.85}"#.utf8)) }
        #expect(throws: DecodingError.self) { try TocsinParameters.overriding(json: Data("[1]".utf8)) }
    }
}

import TocsinCore

/// How well one detector did on one scenario: event-level precision, recall and F1 (an event
/// matches a truth stretch of the same entity when they overlap, with 15 minutes' slack),
/// false alarms per entity-month, start and end errors, time to detect, recall per kind and
/// per depth, and cause and scope accuracy on the entities where each event belongs.
public struct EvaluationReport: Sendable {
    public var detector: String
    public var truths = 0
    public var found = 0
    public var detections = 0
    public var truePositives = 0
    public var falseAlarms = 0
    public var entityMonths = 0.0
    public var startErrors: [Int64] = []
    public var endErrors: [Int64] = []
    /// detected_at − true start, for losses of 50% or more.
    public var detectDelaysDeep: [Int64] = []
    /// detected_at − true start, for every truth found.
    public var detectDelays: [Int64] = []
    /// Recall of losses of 20% or more lasting 30 minutes or more.
    public var sustainedRecall: (found: Int, of: Int) = (0, 0)
    public var recallByKind: [EventKind: (found: Int, of: Int)] = [:]
    public var shallowRecall: (found: Int, of: Int) = (0, 0)
    public var mobileRecall: (found: Int, of: Int) = (0, 0)
    public var causeCorrect = 0
    public var scopeCorrect = 0
    public var primaryMatched = 0
    public var artifactsReported = 0
    /// The false alarms and the missed truth stretches, for explaining a score.
    public var falseAlarmEvents: [OutageEvent] = []
    public var missed: [TruthEpisode] = []
    /// Truth stretches found more than 20 minutes after they began, with the first event.
    public var slow: [(truth: TruthEpisode, event: OutageEvent)] = []

    public var precision: Double { detections == 0 ? 1 : Double(truePositives) / Double(truePositives + falseAlarms) }
    public var recall: Double { truths == 0 ? 1 : Double(found) / Double(truths) }
    public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
    public var falseAlarmsPerEntityMonth: Double { entityMonths == 0 ? 0 : Double(falseAlarms) / entityMonths }
    public var causeAccuracy: Double { primaryMatched == 0 ? 0 : Double(causeCorrect) / Double(primaryMatched) }
    public var scopeAccuracy: Double { primaryMatched == 0 ? 0 : Double(scopeCorrect) / Double(primaryMatched) }

    public static let slack: Int64 = 900

    public init(detector: String, scenario: Scenario, events: [OutageEvent], artifacts: [CollectorArtifact] = []) {
        self.detector = detector
        artifactsReported = artifacts.count
        let scored = events.filter { ($0.end ?? .max) > scenario.evaluationStart }
        let byEntity = Dictionary(grouping: scored, by: \.entity)
        let truthsScored = scenario.truth.filter { $0.start >= scenario.evaluationStart }
        func overlaps(_ e: OutageEvent, _ t: TruthEpisode) -> Bool {
            e.start < t.end + Self.slack && (e.end ?? .max) > t.start - Self.slack
        }
        for t in truthsScored {
            truths += 1
            let matches = (byEntity[t.entity] ?? []).filter { overlaps($0, t) }
            var kind = recallByKind[t.kind] ?? (0, 0)
            kind.of += 1
            let isShallow = t.depth >= 0.2 && t.depth < 0.5
            if isShallow { shallowRecall.of += 1 }
            let isSustained = t.depth >= 0.2 && t.end - t.start >= 1800
            if isSustained { sustainedRecall.of += 1 }
            if t.kind == .mobileShutdown, t.primary { mobileRecall.of += 1 }
            defer { recallByKind[t.kind] = kind }
            guard let first = matches.min(by: { $0.start < $1.start }) else {
                missed.append(t)
                continue
            }
            found += 1
            kind.found += 1
            if isShallow { shallowRecall.found += 1 }
            if isSustained { sustainedRecall.found += 1 }
            detectDelays.append(max(0, first.detectedAt - t.start))
            if first.detectedAt - t.start > 1200 || abs(first.start - t.start) > 900 { slow.append((t, first)) }
            if t.kind == .mobileShutdown, t.primary { mobileRecall.found += 1 }
            startErrors.append(abs(first.start - t.start))
            if let last = matches.max(by: { ($0.end ?? .max) < ($1.end ?? .max) }), let end = last.end, t.end < scenario.end {
                endErrors.append(abs(end - t.end))
            }
            if t.depth >= 0.5 { detectDelaysDeep.append(max(0, first.detectedAt - t.start)) }
            if t.primary {
                primaryMatched += 1
                if first.cause == t.cause { causeCorrect += 1 }
                if first.scope == t.scope { scopeCorrect += 1 }
            }
        }
        let truthByEntity = Dictionary(grouping: scenario.truth + scenario.tolerated, by: \.entity)
        let realTruth = Dictionary(grouping: scenario.truth, by: \.entity)
        for e in scored where e.start >= scenario.evaluationStart - Self.slack {
            detections += 1
            if (realTruth[e.entity] ?? []).contains(where: { overlaps(e, $0) }) {
                truePositives += 1
            } else if !(truthByEntity[e.entity] ?? []).contains(where: { overlaps(e, $0) }) {
                falseAlarms += 1
                falseAlarmEvents.append(e)
            } else {
                detections -= 1  // tolerated: neither right nor wrong
            }
        }
        let entities = Set(scenario.series.map(\.key.entity)).count
        entityMonths = Double(entities) * Double(scenario.end - scenario.evaluationStart) / (30 * 86_400)
    }

    /// Tocsin's detector and the IODA-style one on the same scenario, each scored.
    public static func sideBySide(_ scenario: Scenario, parameters: TocsinParameters = TocsinParameters())
        -> (tocsin: EvaluationReport, ioda: EvaluationReport, result: DetectionResult) {
        let result = TocsinDetector(parameters: parameters).detect(scenario.series, entities: scenario.entities)
        let ioda = IODADetector().detect(scenario.series)
        return (EvaluationReport(detector: "tocsin", scenario: scenario, events: result.events, artifacts: result.artifacts),
                EvaluationReport(detector: "ioda", scenario: scenario, events: ioda), result)
    }

    /// Several reports as one: counts added, error lists joined (the figures over all seeds).
    public static func pooling(_ reports: [EvaluationReport]) -> EvaluationReport {
        var r = EvaluationReport(detector: reports.first?.detector ?? "")
        for x in reports {
            r.truths += x.truths; r.found += x.found; r.detections += x.detections
            r.truePositives += x.truePositives; r.falseAlarms += x.falseAlarms; r.entityMonths += x.entityMonths
            r.startErrors += x.startErrors; r.endErrors += x.endErrors
            r.detectDelaysDeep += x.detectDelaysDeep; r.detectDelays += x.detectDelays
            for (kind, v) in x.recallByKind {
                let old = r.recallByKind[kind] ?? (0, 0)
                r.recallByKind[kind] = (old.found + v.found, old.of + v.of)
            }
            r.sustainedRecall = (r.sustainedRecall.found + x.sustainedRecall.found, r.sustainedRecall.of + x.sustainedRecall.of)
            r.shallowRecall = (r.shallowRecall.found + x.shallowRecall.found, r.shallowRecall.of + x.shallowRecall.of)
            r.mobileRecall = (r.mobileRecall.found + x.mobileRecall.found, r.mobileRecall.of + x.mobileRecall.of)
            r.causeCorrect += x.causeCorrect; r.scopeCorrect += x.scopeCorrect; r.primaryMatched += x.primaryMatched
            r.artifactsReported += x.artifactsReported
            r.falseAlarmEvents += x.falseAlarmEvents; r.missed += x.missed
        }
        return r
    }

    private init(detector: String) { self.detector = detector }

    /// The p-th quantile (0–1) of durations in minutes.
    public static func minutes(_ values: [Int64], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        return Double(sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p + 0.5))]) / 60
    }
}

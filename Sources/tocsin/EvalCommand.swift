import ArgumentParser
import Foundation
import TocsinCore
import TocsinDetect

/// `tocsin eval`: Tocsin's detector and the IODA-style one, side by side, on labelled data
/// from two scenario families designed apart: `classic` (the one the detector's defaults
/// were first set on) and `field` (the nuisances of real feeds; see FieldScenarioGenerator).
struct Eval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate the detectors on generated, labelled scenarios.",
        discussion: """
            Each seed makes a scenario per family; a last column per family pools its seeds. \
            The stress configuration of BENCHMARKS.md: --family field --hard --seed 101 --seed 102 --seed 103.
            """
    )

    enum Family: String, ExpressibleByArgument, CaseIterable {
        case classic, field
    }

    @Option(name: .customLong("family"), help: "Scenario families (repeatable): classic, field.")
    var families: [Family] = [.classic, .field]
    @Option(name: .customLong("seed"), help: "Scenario seeds (repeatable).")
    var seeds: [UInt64] = [1, 2, 3]
    @Option(help: "Countries per classic scenario.")
    var countries = 8
    @Option(help: "Entities per field scenario (half countries, half networks).")
    var entities = 30
    @Option(help: "Weeks per scenario (default: 10 classic, 8 field).")
    var weeks: Int?
    @Flag(help: "Field scenarios in hard mode: telescope regime moves, bigger BGP flaps, networks without flow exports.")
    var hard = false
    @Option(help: "IODA's hand-checked outages CSV, for realistic durations (ioda-outages-sigcomm23).")
    var priors: String?
    @Flag(help: "List Tocsin's false alarms and misses after the table.")
    var explain = false
    @Option(help: "A JSON object overriding some of the detector's parameters (TocsinParameters fields), for tuning.")
    var parameters: String?
    @Option(help: "Also write the first scenario to this folder: signals.csv, entities.csv, truth.jsonl.")
    var write: String?

    func run() async throws {
        let outagePriors = try priors.map { try OutagePriors.load(path: $0) } ?? .builtIn
        let tuned = try parameters.map { try TocsinParameters.overriding(json: Data($0.utf8)) } ?? TocsinParameters()
        var rows: [(String, EvaluationReport, EvaluationReport)] = []
        var written = false
        for family in families {
            var pooled: [(EvaluationReport, EvaluationReport)] = []
            for seed in seeds {
                let scenario = makeScenario(family, seed: seed, priors: outagePriors)
                if let write, !written { try ScenarioFiles.write(scenario, to: write); written = true }
                let (tocsin, ioda, _) = EvaluationReport.sideBySide(scenario, parameters: tuned)
                rows.append(("\(family.rawValue) s\(seed)", tocsin, ioda))
                pooled.append((tocsin, ioda))
            }
            if seeds.count > 1 {
                rows.append(("\(family.rawValue) all", .pooling(pooled.map(\.0)), .pooling(pooled.map(\.1))))
            }
        }
        print(EvaluationTable.render(rows))
        guard explain else { return }
        for (label, t, _) in rows where !label.hasSuffix(" all") {
            for e in t.falseAlarmEvents {
                print("\(label) false alarm: \(e.entity) \(UTCTime.format(e.start))–\(e.end.map(UTCTime.format) ?? "ongoing") "
                      + Self.signalsAndReasons(e))
            }
            for (truth, e) in t.slow {
                let delay = (e.detectedAt - truth.start) / 60, startError = (e.start - truth.start) / 60
                print("\(label) slow: \(truth.entity) \(truth.kind.rawValue) depth \(Int(truth.depth * 100))% "
                      + "ramp \(truth.rampIn / 60) min found after \(delay) min, start error \(startError) min: "
                      + Self.signalsAndReasons(e))
            }
            for m in t.missed {
                print("\(label) missed: \(m.entity) \(m.kind.rawValue) \(UTCTime.format(m.start))–\(UTCTime.format(m.end)) depth \(Int(m.depth * 100))%")
            }
        }
    }

    /// An event's signals with their drops, and why each was counted: "probing −62% [...]".
    private static func signalsAndReasons(_ e: OutageEvent) -> String {
        e.signals.map { "\($0.signal) −\(Int($0.drop * 100))%" }.joined(separator: ", ")
            + " [" + e.evidence.notes.filter { $0.contains(" counted: ") }.joined(separator: "; ") + "]"
    }

    private func makeScenario(_ family: Family, seed: UInt64, priors: OutagePriors) -> Scenario {
        switch family {
        case .classic:
            var generator = ScenarioGenerator(seed: seed)
            generator.countries = countries
            generator.weeks = weeks ?? 10
            generator.priors = priors
            return generator.generate()
        case .field:
            var generator = FieldScenarioGenerator(seed: seed)
            generator.entities = entities
            generator.weeks = weeks ?? 8
            generator.hard = hard
            generator.priors = priors
            return generator.generate()
        }
    }
}

/// Prints evaluation reports as a text table, one column per detector and seed.
enum EvaluationTable {
    static func render(_ rows: [(String, EvaluationReport, EvaluationReport)]) -> String {
        var header = ["metric"]
        var columns: [[String]] = []
        for (label, t, i) in rows {
            header += ["tocsin \(label)", "ioda \(label)"]
            columns.append(column(t))
            columns.append(column(i))
        }
        let names = ["truth stretches", "detections scored", "precision", "recall", "F1", "false alarms / entity-month",
                     "start error median / p90 (min)", "end error median / p90 (min)", "time to detect, drops ≥50%: median / p90 (min)",
                     "time to detect, all: median / p90 (min)", "recall, drops ≥20% lasting ≥30 min", "recall, drops 20–50%", "recall, mobile-only on country/XX/mobile", "cause accuracy", "scope accuracy",
                     "collector artifacts reported"]
            + EventKind.allCases.map { "recall: \($0.rawValue)" }
        var lines = [header]
        for (k, name) in names.enumerated() { lines.append([name] + columns.map { $0[k] }) }
        let widths = (0..<header.count).map { c in lines.map { $0[c].count }.max()! }
        return lines.map { line in
            line.enumerated().map { c, cell in c == 0 ? cell.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                : String(repeating: " ", count: widths[c] - cell.count) + cell }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    static func column(_ r: EvaluationReport) -> [String] {
        func f(_ v: Double) -> String { String(format: "%.3f", v) }
        func q(_ v: [Int64]) -> String {
            guard let m = EvaluationReport.minutes(v, 0.5), let p = EvaluationReport.minutes(v, 0.9) else { return "-" }
            return String(format: "%.0f / %.0f", m, p)
        }
        func share(_ s: (found: Int, of: Int)) -> String { s.of == 0 ? "-" : "\(s.found)/\(s.of)" }
        return ["\(r.truths)", "\(r.detections)", f(r.precision), f(r.recall), f(r.f1), f(r.falseAlarmsPerEntityMonth),
                q(r.startErrors), q(r.endErrors), q(r.detectDelaysDeep), q(r.detectDelays), share(r.sustainedRecall), share(r.shallowRecall), share(r.mobileRecall),
                f(r.causeAccuracy), f(r.scopeAccuracy), "\(r.artifactsReported)"]
            + EventKind.allCases.map { share(r.recallByKind[$0] ?? (0, 0)) }
    }
}

/// Writes a scenario in the interchange formats, so any detector can be run on it.
enum ScenarioFiles {
    static func write(_ scenario: Scenario, to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var csv = SignalsCSV.header + "\n"
        for s in scenario.series { for p in s.points { csv += SignalsCSV.line(p) + "\n" } }
        try csv.write(toFile: folder + "/signals.csv", atomically: true, encoding: .utf8)
        try EntitiesCSV.format(scenario.entities).write(toFile: folder + "/entities.csv", atomically: true, encoding: .utf8)
        let truth = scenario.truth.map { t in
            OutageEvent(entity: t.entity, start: t.start, end: t.end, detectedAt: t.start, severity: t.depth, signals: [],
                        confidence: 1, scope: t.scope, cause: t.cause,
                        evidence: Evidence(method: "truth", notes: [t.kind.rawValue + (t.primary ? " (primary)" : "")]))
        }
        try EventsJSONLines.format(truth).write(toFile: folder + "/truth.jsonl", atomically: true, encoding: .utf8)
    }
}

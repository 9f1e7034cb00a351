import ArgumentParser
import Foundation
import TocsinCore
import TocsinDetect

/// `tocsin eval`: Tocsin's detector and the IODA-style one, side by side, on labelled data.
struct Eval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate the detectors on generated, labelled scenarios.",
        discussion: "Each seed makes a scenario of several countries over several weeks with injected events (see EventKind)."
    )

    @Option(name: .customLong("seed"), help: "Scenario seeds (repeatable).")
    var seeds: [UInt64] = [1, 2, 3]
    @Option(help: "Countries per scenario.")
    var countries = 8
    @Option(help: "Weeks per scenario.")
    var weeks = 10
    @Option(help: "IODA's hand-checked outages CSV, for realistic durations (ioda-outages-sigcomm23).")
    var priors: String?
    @Flag(help: "List Tocsin's false alarms and misses after the table.")
    var explain = false
    @Option(help: "Also write the first seed's scenario to this folder: signals.csv, entities.csv, truth.jsonl.")
    var write: String?

    func run() async throws {
        let outagePriors = try priors.map { try OutagePriors.load(path: $0) } ?? .builtIn
        var rows: [(UInt64, EvaluationReport, EvaluationReport)] = []
        for seed in seeds {
            var generator = ScenarioGenerator(seed: seed)
            generator.countries = countries
            generator.weeks = weeks
            generator.priors = outagePriors
            let scenario = generator.generate()
            if let write, seed == seeds.first { try ScenarioFiles.write(scenario, to: write) }
            let tocsin = TocsinDetector().detect(scenario.series, entities: scenario.entities)
            let ioda = IODADetector().detect(scenario.series)
            rows.append((seed, EvaluationReport(detector: "tocsin", scenario: scenario, events: tocsin.events, artifacts: tocsin.artifacts),
                         EvaluationReport(detector: "ioda", scenario: scenario, events: ioda)))
        }
        print(EvaluationTable.render(rows))
        guard explain else { return }
        for (seed, t, _) in rows {
            for e in t.falseAlarmEvents {
                print("seed \(seed) false alarm: \(e.entity) \(UTCTime.format(e.start))–\(e.end.map(UTCTime.format) ?? "ongoing") "
                      + e.signals.map { "\($0.signal) −\(Int($0.drop * 100))%" }.joined(separator: ", "))
            }
            for m in t.missed {
                print("seed \(seed) missed: \(m.entity) \(m.kind.rawValue) \(UTCTime.format(m.start))–\(UTCTime.format(m.end)) depth \(Int(m.depth * 100))%")
            }
        }
    }
}

/// Prints evaluation reports as a text table, one column per detector and seed.
enum EvaluationTable {
    static func render(_ rows: [(UInt64, EvaluationReport, EvaluationReport)]) -> String {
        var header = ["metric"]
        var columns: [[String]] = []
        for (seed, t, i) in rows {
            header += ["tocsin s\(seed)", "ioda s\(seed)"]
            columns.append(column(t))
            columns.append(column(i))
        }
        let names = ["truth stretches", "detections scored", "precision", "recall", "F1", "false alarms / entity-month",
                     "start error median / p90 (min)", "end error median / p90 (min)", "time to detect, drops ≥50%: median / p90 (min)",
                     "recall, drops 20–50%", "recall, mobile-only on country/XX/mobile", "cause accuracy", "scope accuracy",
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
                q(r.startErrors), q(r.endErrors), q(r.detectDelaysDeep), share(r.shallowRecall), share(r.mobileRecall),
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

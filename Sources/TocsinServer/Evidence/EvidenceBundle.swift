import Crypto
import Foundation
import TocsinCore
import TocsinDetect
import TocsinStore

/// The evidence for one event, as files a third party can check years later without Tocsin:
///
/// - `event.json`: the event (Events format);
/// - `signals.csv`: every point of every series of the event's entity from 35 days before the
///   event (the history its baseline rests on) to a day after (Signals CSV; re-imports as is);
/// - `expected.csv`: per bin from a day before to a day after, observed, expected and the band;
/// - `chart.svg` (and `chart.png` where a renderer is installed): % of normal per signal;
/// - `method.json`: the detector's name, version and parameters;
/// - `reference.json`: the reference files configured, with size and SHA-256;
/// - `sources.json`: what produced each signal (collectors, prober, exporters, imports);
/// - `report.html`: the printable report;
/// - `SHA256SUMS`: the files' digests for `sha256sum -c`;
/// - `manifest.json`: every file above with its SHA-256 and size, the event id, the creation
///   time and the key's fingerprint; `manifest.sig`: the raw 64-byte Ed25519 signature of
///   `manifest.json`'s bytes.
///
/// All files but `manifest.json` (its creation time) and `manifest.sig` are the same bytes for
/// the same store and event.
public struct EvidenceBundle: Sendable {
    /// One file of the bundle.
    public struct File: Sendable, Equatable {
        public var name: String
        public var bytes: Data
    }

    public static let format = "tocsin-evidence-1"
    public static let manifestName = "manifest.json"
    public static let signatureName = "manifest.sig"
    public static let sumsName = "SHA256SUMS"
    /// History before the event included in `signals.csv`: what the baseline needs.
    static let history = PercentOfNormal.history
    static let margin: Int64 = 86_400

    public var files: [File]

    /// SHA-256 of `manifest.json`: the bundle's fingerprint.
    public var fingerprint: String {
        Data(SHA256.hash(data: files.first { $0.name == Self.manifestName }?.bytes ?? Data())).hexString
    }

    /// Gathers the evidence of event `id` from the store and signs it.
    public static func make(eventID id: String, store: any ObservatoryStore, config: ObservatoryConfig, key: ObservatoryKey,
                            created: Date = Date()) async throws -> EvidenceBundle {
        let page = EventPage(store: store)
        guard let (event, _, _) = try await page.load(id: id) else { throw EvidenceError.noSuchEvent(id) }
        let keys = try await store.seriesKeys(entity: event.entity)
        var end = event.end ?? event.start
        if event.end == nil {
            // Under way: up to the newest point held.
            for key in keys { end = max(end, try await store.timeRange(key)?.upperBound ?? end) }
        }
        let from = event.start - margin, until = end + margin
        var files: [File] = []
        func add(_ name: String, _ text: String) { files.append(File(name: name, bytes: Data(text.utf8))) }

        add("event.json", EventsJSONLines.line(event) + "\n")
        var csv = SignalsCSV.header + "\n"
        var expected = "time,signal,observed,expected,band_low,band_high,method\n"
        var lines: [SVGChart.Line] = []
        for key in keys {
            let series = try await store.series(key, from: event.start - history, until: until)
            for p in series.points { csv += SignalsCSV.line(p) + "\n" }
            guard key.signal.family != .activity else { continue }
            let observed = Dictionary(zip(series.times, series.values), uniquingKeysWith: { a, _ in a })
            let f = SignalsCSV.formatValue
            let expectations = SeriesWatcher.expectations(of: series)
            lines.append(PercentOfNormal.line(series, expectations: expectations, label: key.signal.rawValue, from: from))
            for (t, e) in expectations where t >= from {
                let value = observed[t].flatMap { $0 }.map(f) ?? ""
                expected += "\(t),\(key.signal.rawValue),\(value),\(f(e.expected)),\(f(e.band.lowerBound)),\(f(e.band.upperBound)),\(e.method.rawValue)\n"
            }
        }
        add("signals.csv", csv)
        add("expected.csv", expected)
        let svg = EventPage.chart(event, from: from, until: until, lines: lines).render()
        add("chart.svg", svg)
        if PNGRenderer.program != nil, let png = try? await PNGRenderer.render(svg: svg) {
            files.append(File(name: "chart.png", bytes: png))
        }
        add("method.json", try json(MethodRecord(detector: TocsinDetector.method, version: TocsinDetector.version,
                                                 parameters: TocsinParameters())))
        add("reference.json", try json(ReferenceRecord.describe(config)))
        add("sources.json", try json(SourcesRecord.describe(config, signals: keys.map(\.signal))))
        let names = Dictionary(try await store.entities().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        add("report.html", EventReport(event: event, name: names[event.entity], chart: svg, keyFingerprint: key.fingerprint).render())
        files.sort { $0.name < $1.name }
        var entries = files.map { Manifest.Entry(name: $0.name, sha256: Data(SHA256.hash(data: $0.bytes)).hexString, bytes: $0.bytes.count) }
        add(sumsName, entries.map { "\($0.sha256)  \($0.name)\n" }.joined())
        entries.append(Manifest.Entry(name: sumsName, sha256: Data(SHA256.hash(data: files.last!.bytes)).hexString, bytes: files.last!.bytes.count))

        let manifest = Manifest(format: format, event: id, created: UTCTime.format(Int64(created.timeIntervalSince1970)),
                                key: key.fingerprint, files: entries)
        let manifestBytes = Data(try json(manifest).utf8)
        files.append(File(name: manifestName, bytes: manifestBytes))
        files.append(File(name: signatureName, bytes: try key.sign(manifestBytes)))
        return EvidenceBundle(files: files)
    }

    /// Writes the files into `folder` (created if needed).
    public func write(to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for file in files {
            try file.bytes.write(to: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(file.name)), options: .atomic)
        }
    }

    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}

/// `manifest.json`.
struct Manifest: Codable, Equatable {
    struct Entry: Codable, Equatable {
        var name: String
        var sha256: String
        var bytes: Int
    }

    var format: String
    var event: String
    var created: String
    /// SHA-256 of the signing key's SubjectPublicKeyInfo.
    var key: String
    var files: [Entry]
}

/// `method.json`.
struct MethodRecord: Codable {
    var detector: String
    var version: String
    var parameters: TocsinParameters
}

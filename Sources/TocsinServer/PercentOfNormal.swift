import TocsinCore
import TocsinDetect
import TocsinStore

/// A series as % of its expected level, with the expected band, as the charts draw it. The
/// expectation is computed causally from the weeks before the window, as the detector saw it.
enum PercentOfNormal {
    /// How much history before a window the baseline needs: 4 weeks, plus a margin.
    static let history: Int64 = 35 * 86_400

    static func line(_ key: SeriesKey, label: String, from: Int64, until: Int64, store: any SignalStore, withBand: Bool = false) async throws -> SVGChart.Line {
        let series = try await store.series(key, from: from - history, until: until)
        return line(series, expectations: SeriesWatcher.expectations(of: series), label: label, from: from, withBand: withBand)
    }

    /// The same from a series already loaded with its history, and its expectations.
    static func line(_ series: Series, expectations: [(time: Int64, expectation: Expectation)], label: String, from: Int64,
                     withBand: Bool = false) -> SVGChart.Line {
        let expected = Dictionary(expectations.map { ($0.time, $0.expectation) }, uniquingKeysWith: { a, _ in a })
        var line = SVGChart.Line(label: label, points: [])
        for (t, v) in zip(series.times, series.values) where t >= from {
            line.raw.append(v)
            guard let e = expected[t], e.expected > 0 else { line.points.append((t, nil)); continue }
            let percent = v.map { $0 / e.expected * 100 }
            line.points.append((t, percent.flatMap { $0.isFinite ? $0 : nil }))
            if withBand { line.band.append((t, e.band.lowerBound / e.expected * 100, e.band.upperBound / e.expected * 100)) }
        }
        return line
    }
}

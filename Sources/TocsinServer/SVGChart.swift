import Foundation
import TocsinCore

/// Draws a time chart as SVG: lines for series, a shaded band, shaded event spans, time and
/// value axes, and a `<desc>` that says each line's key numbers for readers who cannot see it.
/// It reads fully with scripts off; `chart.js` reads the `data-` attributes (plot geometry,
/// each line's values) to show values on hover and to zoom by dragging. Text is escaped;
/// colours come from the Okabe–Ito palette, which colour-blind readers can tell apart.
struct SVGChart {
    struct Line {
        var label: String
        /// (time, value) with nil for no data (the line breaks there); the value as drawn.
        var points: [(Int64, Double?)]
        var band: [(Int64, Double, Double)] = []
        /// The measured value behind each point (same count as `points`), when the drawn value
        /// is a percentage of normal; shown beside it on hover.
        var raw: [Double?] = []
    }

    static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
    /// Points drawn per line at most; longer lines are averaged over groups of bins.
    static let maxPoints = 720
    /// The highest top of the value axis (% of normal): a series 10,000 times its normal.
    static let largestAxis = 1e6

    var title: String
    var from: Int64
    var until: Int64
    var lines: [Line]
    var events: [(Int64, Int64?)] = []
    var unit = "% of normal"
    var width = 720.0
    var height = 240.0
    /// A fixed top of the value axis, shared by small multiples; else fitted to the lines.
    var maxValue: Double?
    /// The page a dragged range opens, with `from` and `until` added (e.g. `/entity?id=country/KZ`).
    var zoomBase: String?
    /// The local time zone shown beside UTC on hover.
    var zone: TimeZone?
    var text = Catalogue.english
    /// Where the chart sits when drawn inside another SVG (the social card): x, y, width, height.
    var placement: (Double, Double, Double, Double)?
    /// The palette entry of the first line (a small multiple keeps its line's colour).
    var firstColour = 0

    func render() -> String {
        let lines = self.lines.map(Self.thinned)
        let left = 48.0, right = 12.0, top = 16.0 + 12 * Double((lines.count + 2) / 3), bottom = 28.0
        let plotW = width - left - right, plotH = height - top - bottom
        let values = lines.flatMap { $0.points.compactMap(\.1) } + lines.flatMap { $0.band.map(\.2) }
        // Bounded, so that no axis or coordinate overflows whatever a series held.
        let maxV = min(maxValue ?? max(values.max() ?? 100, 1) * 1.05, Self.largestAxis)
        func x(_ t: Int64) -> Double { left + plotW * Double(t - from) / Double(max(until - from, 1)) }
        func y(_ v: Double) -> Double { top + plotH * (1 - min(max(v, 0), maxV) / maxV) }
        var data = placement.map { "x=\"\($0.0)\" y=\"\($0.1)\" width=\"\($0.2)\" height=\"\($0.3)\" " } ?? ""
        data += "data-from=\"\(from)\" data-until=\"\(until)\" data-left=\"\(left)\" data-top=\"\(top)\" data-plot-width=\"\(plotW)\" data-plot-height=\"\(plotH)\" data-max=\"\(f(maxV))\""
        data += " data-unit=\"\(HTMLText.escape(unit))\""
        if let zoomBase { data += " data-zoom=\"\(HTMLText.escape(zoomBase))\"" }
        if let zone {
            data += " data-zone=\"\(HTMLText.escape(zone.identifier))\" data-utc-offset=\"\(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(from))))\""
        }
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="\(HTMLText.escape(title))" class="chart" \(data)>
            <title>\(HTMLText.escape(title))</title>
            <desc>\(HTMLText.escape(summary(self.lines)))</desc>
            <rect x="\(left)" y="\(top)" width="\(plotW)" height="\(plotH)" fill="#fff" stroke="#ccc"/>

            """
        for (s, e) in events {
            let x0 = x(max(s, from)), x1 = x(min(e ?? until, until))
            svg += "<rect class=\"event\" x=\"\(f(x0))\" y=\"\(top)\" width=\"\(f(max(x1 - x0, 1)))\" height=\"\(plotH)\" fill=\"#D55E00\" fill-opacity=\"0.15\"/>\n"
        }
        // A round step (1, 2, 2.5 or 5 × 10^k) giving four to eight lines.
        let raw = maxV / 5
        let magnitude = pow(10, (log10(max(raw, 1e-9))).rounded(.down))
        let step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        for tick in stride(from: 0.0, through: maxV, by: step) {
            svg += "<line x1=\"\(left)\" x2=\"\(left + plotW)\" y1=\"\(f(y(tick)))\" y2=\"\(f(y(tick)))\" stroke=\"#eee\"/>"
            svg += "<text x=\"\(left - 4)\" y=\"\(f(y(tick) + 4))\" font-size=\"10\" text-anchor=\"end\">\(Int(tick))</text>\n"
        }
        for k in 0...4 {
            let t = from + (until - from) * Int64(k) / 4
            let label = String(UTCTime.format(t).dropFirst(5).prefix(11)).replacing("T", with: " ")
            // The first and last labels are anchored inside the plot so neither is cut off.
            let anchor = k == 0 ? "start" : k == 4 ? "end" : "middle"
            svg += "<text x=\"\(f(x(t)))\" y=\"\(height - 8)\" font-size=\"10\" text-anchor=\"\(anchor)\">\(label)</text>\n"
        }
        for (i, line) in lines.enumerated() {
            let colour = Self.palette[(i + firstColour) % Self.palette.count]
            if !line.band.isEmpty {
                let upper = line.band.map { "\(f(x($0.0))),\(f(y($0.2)))" }
                let lower = line.band.reversed().map { "\(f(x($0.0))),\(f(y($0.1)))" }
                svg += "<polygon class=\"band\" points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(colour)\" fill-opacity=\"0.12\"/>\n"
            }
            var path = ""
            var pen = false
            for (t, v) in line.points {
                guard let v else { pen = false; continue }
                path += (pen ? "L" : "M") + "\(f(x(t))),\(f(y(v)))"
                pen = true
            }
            svg += "<path class=\"line\" d=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\"\(Self.valueAttributes(line))>"
                + "<title>\(HTMLText.escape(line.label))</title></path>\n"
            // The legend runs in rows of three under the title line.
            let lx = left + 70 + Double(i % 3) * 200, ly = 12 + Double(i / 3) * 12
            svg += "<text x=\"\(lx)\" y=\"\(ly)\" font-size=\"10\" fill=\"\(colour)\">\(HTMLText.escape(line.label))</text>\n"
        }
        svg += "<text x=\"4\" y=\"\(top - 6)\" font-size=\"10\">\(HTMLText.escape(unit))</text>\n</svg>\n"
        return svg
    }

    /// The chart for a page: its words in the reader's language, local time on hover, and
    /// the page a dragged range opens.
    func reading(_ text: Catalogue, zone: TimeZone?, zoomBase: String? = nil) -> SVGChart {
        var chart = self
        chart.text = text
        chart.unit = text["chart.unit"]
        chart.zone = zone
        chart.zoomBase = zoomBase
        return chart
    }

    /// The chart in the frame the hover script places its read-out in.
    func figure() -> String {
        "<figure class=\"chart-frame\">\n" + render() + "</figure>\n"
    }

    /// The chart in words: per line its lowest value and when, and its last value (of the
    /// lines as measured, before they are thinned for drawing).
    func summary(_ lines: [Line]) -> String {
        let parts = lines.compactMap { line -> String? in
            let known = line.points.compactMap { t, v in v.map { (t, $0) } }
            guard let low = known.min(by: { $0.1 < $1.1 }), let last = known.last else {
                return text.text("chart.summary.empty", ["line": line.label])
            }
            func whole(_ v: Double) -> String { String(Int(min(max(v, -Self.largestAxis), Self.largestAxis).rounded())) }
            return text.text("chart.summary.line", ["line": line.label, "low": whole(low.1), "lowTime": AlertText.stamp(low.0),
                                                    "last": whole(last.1), "lastTime": AlertText.stamp(last.0), "unit": unit])
        }
        return ([title] + parts).joined(separator: ". ") + "."
    }

    /// `data-t` (the times, as the first and a step when regular) and `data-v` / `data-raw`.
    private static func valueAttributes(_ line: Line) -> String {
        let times = line.points.map(\.0)
        let step = times.count > 1 ? times[1] - times[0] : TimeBin.seconds
        let regular = zip(times, times.dropFirst()).allSatisfy { $1 - $0 == step }
        var out = regular ? " data-t0=\"\(times.first ?? 0)\" data-step=\"\(step)\"" : " data-t=\"\(times.map(String.init).joined(separator: ","))\""
        out += " data-label=\"\(HTMLText.escape(line.label))\" data-v=\"\(line.points.map { $0.1.map(number) ?? "" }.joined(separator: ","))\""
        if line.raw.count == line.points.count { out += " data-raw=\"\(line.raw.map { $0.map(number) ?? "" }.joined(separator: ","))\"" }
        return out
    }

    /// At most `maxPoints` points: the mean of each group of consecutive points (nil when all
    /// of a group are nil), at the group's first time; the band takes each group's first.
    static func thinned(_ line: Line) -> Line {
        let n = line.points.count
        guard n > maxPoints else { return line }
        let group = (n + maxPoints - 1) / maxPoints
        func mean(_ values: some Collection<Double?>) -> Double? {
            let known = values.compactMap { $0 }
            return known.isEmpty ? nil : known.reduce(0, +) / Double(known.count)
        }
        var out = Line(label: line.label, points: [])
        let bandAt = Dictionary(line.band.map { ($0.0, $0) }, uniquingKeysWith: { a, _ in a })
        for start in stride(from: 0, to: n, by: group) {
            let slice = line.points[start..<min(start + group, n)]
            out.points.append((slice.first!.0, mean(slice.map(\.1))))
            if line.raw.count == n { out.raw.append(mean(line.raw[start..<min(start + group, n)])) }
            if let b = bandAt[slice.first!.0] { out.band.append(b) }
        }
        return out
    }

    /// A value in at most four significant digits, without exponent for ordinary sizes.
    private static func number(_ v: Double) -> String {
        guard v.isFinite else { return "" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        let digits = max(0, 3 - Int(log10(max(abs(v), 1e-9)).rounded(.down)))
        return String(format: "%.\(min(digits, 6))f", v)
    }

    private func f(_ v: Double) -> String { String(Int((v * 10).rounded())) .inserting(decimalAt: 1) }
}

extension String {
    /// "1234" with one decimal place → "123.4".
    fileprivate func inserting(decimalAt places: Int) -> String {
        var digits = self
        let negative = digits.hasPrefix("-")
        if negative { digits.removeFirst() }
        while digits.count <= places { digits = "0" + digits }
        digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -places))
        return (negative ? "-" : "") + digits
    }
}

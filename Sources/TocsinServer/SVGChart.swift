import Foundation
import TocsinCore

/// Draws a time chart as SVG: lines for series, a shaded band, shaded event spans, time and
/// value axes. No JavaScript; text is escaped; colours from the Okabe–Ito palette, which
/// colour-blind readers can tell apart.
struct SVGChart {
    struct Line {
        var label: String
        /// (time, value) with nil for no data (the line breaks there).
        var points: [(Int64, Double?)]
        var band: [(Int64, Double, Double)] = []
    }

    static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]

    var title: String
    var from: Int64
    var until: Int64
    var lines: [Line]
    var events: [(Int64, Int64?)] = []
    var unit = "% of normal"
    var width = 720.0
    var height = 240.0

    func render() -> String {
        let left = 48.0, right = 12.0, top = 16.0 + 12 * Double((lines.count + 2) / 3), bottom = 28.0
        let plotW = width - left - right, plotH = height - top - bottom
        let values = lines.flatMap { $0.points.compactMap(\.1) } + lines.flatMap { $0.band.map(\.2) }
        let maxV = max(values.max() ?? 100, 1) * 1.05
        func x(_ t: Int64) -> Double { left + plotW * Double(t - from) / Double(max(until - from, 1)) }
        func y(_ v: Double) -> Double { top + plotH * (1 - min(max(v, 0), maxV) / maxV) }
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="\(HTMLText.escape(title))" class="chart">
            <title>\(HTMLText.escape(title))</title>
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
            let colour = Self.palette[i % Self.palette.count]
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
            svg += "<path class=\"line\" d=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"1.5\"><title>\(HTMLText.escape(line.label))</title></path>\n"
            // The legend runs in rows of three under the title line.
            let lx = left + 70 + Double(i % 3) * 200, ly = 12 + Double(i / 3) * 12
            svg += "<text x=\"\(lx)\" y=\"\(ly)\" font-size=\"10\" fill=\"\(colour)\">\(HTMLText.escape(line.label))</text>\n"
        }
        svg += "<text x=\"4\" y=\"\(top - 6)\" font-size=\"10\">\(HTMLText.escape(unit))</text>\n</svg>\n"
        return svg
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

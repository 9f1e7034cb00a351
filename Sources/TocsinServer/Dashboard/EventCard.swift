import TocsinCore

/// A 1200×630 picture of an event for social posts (`/event.card.png`): the name, the alert
/// sentence and the chart, drawn as SVG and turned into PNG by `PNGRenderer`.
struct EventCard {
    static let width = 1200.0, height = 630.0
    /// Characters per line of the sentence at its size.
    static let lineLength = 70

    var name: String
    var sentence: String
    var chart: SVGChart
    var footer: String

    func svg() -> String {
        var chart = chart
        let lines = Self.wrap(sentence, width: Self.lineLength).prefix(4)
        let chartTop = 110 + Double(lines.count) * 30
        chart.placement = (30, chartTop, Self.width - 60, Self.height - chartTop - 50)
        // Drawn at 760 units and shown 1.5 times larger, so its labels read on a phone.
        chart.width = 760
        chart.height = 760 * (Self.height - chartTop - 50) / (Self.width - 60)
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(Self.width))\" height=\"\(Int(Self.height))\" viewBox=\"0 0 \(Int(Self.width)) \(Int(Self.height))\" font-family=\"sans-serif\">\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n<rect width=\"100%\" height=\"8\" fill=\"#D55E00\"/>\n"
        svg += "<text x=\"40\" y=\"70\" font-size=\"44\" font-weight=\"bold\" fill=\"#1a1a1a\">\(HTMLText.escape(name))</text>\n"
        for (i, line) in lines.enumerated() {
            svg += "<text x=\"40\" y=\"\(112 + i * 30)\" font-size=\"24\" fill=\"#333\">\(HTMLText.escape(line))</text>\n"
        }
        svg += chart.render()
        svg += "<text x=\"40\" y=\"\(Int(Self.height) - 18)\" font-size=\"18\" fill=\"#555\">\(HTMLText.escape(footer))</text>\n</svg>\n"
        return svg
    }

    /// Greedy word wrap at `width` characters.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + 1 + word.count > width {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        return line.isEmpty ? lines : lines + [line]
    }
}

/// A 120×24 line of averaged bins, scaled to its own range, with its label as the text
/// alternative.
struct Sparkline {
    let bins: BinAverages
    let label: String

    init(_ bins: BinAverages, label: String) {
        self.bins = bins
        self.label = label
    }

    func render() -> String {
        let values = bins.values.compactMap { $0 }
        guard let lo = values.min(), let hi = values.max(), (hi - lo).isFinite, bins.values.count > 1 else { return "" }
        let last = Double(bins.values.count - 1)
        let points = bins.values.enumerated().compactMap { i, v -> String? in
            guard let v else { return nil }
            let y = 22 - 20 * (hi > lo ? (v - lo) / (hi - lo) : 0.5)
            return "\(Int(120 * Double(i) / last)),\(Int(y))"
        }
        return "<svg class=\"spark\" width=\"120\" height=\"24\" viewBox=\"0 0 120 24\" role=\"img\" aria-label=\"\(HTMLText.escape(label))\">"
            + "<polyline points=\"\(points.joined(separator: " "))\" fill=\"none\" stroke=\"#0072B2\"/></svg>"
    }
}

import TocsinCore

/// A series laid on the 5-minute grid of `from..<until` and, when `maxPoints` asks for
/// fewer points, averaged over whole groups of bins (bins without data left out of the
/// mean; a group with none is nil). Shared by `/api/series` and IODA's raw signals.
struct BinAverages {
    let start: Int64
    let step: Int64
    let values: [Double?]

    init(_ series: Series, from: Int64, until: Int64, maxPoints: Int?) {
        start = TimeBin.floor(from)
        // At most the longest range a request may ask for (366 days of bins).
        let bins = min(max(0, Int((until - start + TimeBin.seconds - 1) / TimeBin.seconds)), Int(APIRoutes.maxRange / TimeBin.seconds))
        var grid = [Double?](repeating: nil, count: bins)
        for (t, v) in zip(series.times, series.values) where t >= start {
            let i = Int((t - start) / TimeBin.seconds)
            if i < bins { grid[i] = v }
        }
        let group = maxPoints.map { max(1, (bins + max($0, 1) - 1) / max($0, 1)) } ?? 1
        step = Int64(group) * TimeBin.seconds
        values = stride(from: 0, to: bins, by: group).map { i in
            let chunk = grid[i..<min(i + group, bins)].compactMap { $0 }
            return chunk.isEmpty ? nil : chunk.reduce(0, +) / Double(chunk.count)
        }
    }

    var end: Int64 { start + Int64(values.count) * step }
}

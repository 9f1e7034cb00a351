import TocsinCore

extension SeriesWatcher {
    /// The expectation and band of every bin of a series, exactly as the detector saw them
    /// (causally, with outages inpainted), so charts can show "% of normal" honestly.
    public static func expectations(of series: Series, parameters: TocsinParameters = TocsinParameters()) -> [(time: Int64, expectation: Expectation)] {
        var watcher = SeriesWatcher(key: series.key, parameters: parameters)
        var result: [(time: Int64, expectation: Expectation)] = []
        for (t, v) in zip(series.times, series.values) {
            if let e = watcher.observe(time: t, value: v).expectation { result.append((t, e)) }
        }
        return result
    }
}

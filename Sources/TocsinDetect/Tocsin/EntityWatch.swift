import TocsinCore

/// The watchers of one entity's signals advanced together, bin by bin, so that when one
/// signal raises an episode the others' state at that moment is recorded with it: which held
/// (had data, no episode) and how small a drop each would have shown. The batch detector
/// runs one of these per entity in parallel; the stream does the same across all entities.
enum EntityWatch {
    /// Runs the series of one entity (any number) and returns one trace per series, in order.
    static func run(_ series: [Series], parameters: TocsinParameters) -> [SeriesTrace] {
        var watchers = series.map { SeriesWatcher(key: $0.key, parameters: parameters) }
        var traces = series.map { _ in SeriesTrace() }
        var position = [Int](repeating: 0, count: series.count)
        var opened: [Int] = []
        while true {
            var time = Int64.max
            for k in series.indices where position[k] < series[k].times.count { time = min(time, series[k].times[position[k]]) }
            guard time != .max else { break }
            opened.removeAll(keepingCapacity: true)
            for k in series.indices where position[k] < series[k].times.count && series[k].times[position[k]] == time {
                let step = watchers[k].observe(time: time, value: series[k].values[position[k]])
                position[k] += 1
                if step.deepOnset { traces[k].onsets.append(time) }
                if step.dipEnded, let dip = watchers[k].lastDip { traces[k].dips.append(dip) }
                if step.closed, let closed = watchers[k].lastClosed { traces[k].closed.append(closed) }
                if step.opened, let episode = watchers[k].ongoing { traces[k].opened.append(episode); opened.append(k) }
            }
            for k in opened {
                let held = holders(watchers, among: series.indices, except: k)
                watchers[k].noteHolders(held)
                traces[k].opened[traces[k].opened.count - 1].holders = held
            }
        }
        for k in series.indices { traces[k].watcher = watchers[k] }
        return traces
    }

    /// The signals among `slots` (other than `except`) that hold now, with their sensitivity.
    static func holders(_ watchers: [SeriesWatcher], among slots: some Sequence<Int>, except: Int) -> [SignalName: Double] {
        var held: [SignalName: Double] = [:]
        for j in slots where j != except && watchers[j].holds && watchers[j].key.signal != watchers[except].key.signal {
            held[watchers[j].key.signal] = watchers[j].sensitivity
        }
        return held
    }
}

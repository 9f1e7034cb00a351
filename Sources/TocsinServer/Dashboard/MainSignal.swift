import TocsinCore

/// The signal a small chart of an entity shows: the data plane first (probing, then
/// traffic), then BGP, then whatever else it has.
enum MainSignal {
    static func of(_ keys: [SeriesKey]) -> SeriesKey? {
        for signal in [SignalName.probing, .traffic, .bgp] {
            if let key = keys.first(where: { $0.signal == signal }) { return key }
        }
        return keys.filter { $0.signal.family != .activity }.min()
    }
}

import TocsinCore
import TocsinGeo

extension NetworkLocation {
    /// Where a probed block is (its first address), from the reference data.
    public static func locator<Family: ProbeFamily>(_ geo: GeoDatabase, _: Family.Type) -> @Sendable (Family.Bits) -> NetworkLocation {
        { block in geo.location(of: Family.ipAddress(Family.prefix(ofBlock: block).first)) }
    }
}

/// The `probing` signal (`probing6` for IPv6): per 5-minute bin, the number of tracked
/// blocks believed up per country, origin AS and access group. A series once seen keeps
/// getting values, so a network whose blocks all go down reads 0.
public struct ProbingSignal<Family: ProbeFamily>: Sendable {
    private let locate: @Sendable (Family.Bits) -> NetworkLocation
    private var cache: [Family.Bits: NetworkLocation] = [:]
    private var known: Set<SeriesKey> = []

    public init(locate: @escaping @Sendable (Family.Bits) -> NetworkLocation) { self.locate = locate }

    /// Where `block` is (looked up once).
    public mutating func location(of block: Family.Bits) -> NetworkLocation {
        if let known = cache[block] { return known }
        let found = locate(block)
        cache[block] = found
        return found
    }

    public mutating func points(_ blocks: [TrackedBlock<Family>], time: Int64) -> [SignalPoint] {
        var counts: [SeriesKey: Double] = [:]
        for b in blocks {
            for e in location(of: b.block).entities { counts[SeriesKey(entity: e, signal: Family.signal), default: 0] += b.up ? 1 : 0 }
        }
        known.formUnion(counts.keys)
        let bin = TimeBin.floor(time)
        return known.sorted().map { SignalPoint(key: $0, time: bin, value: counts[$0] ?? 0) }
    }
}

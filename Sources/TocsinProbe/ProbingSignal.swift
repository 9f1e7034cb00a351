import TocsinCore
import TocsinGeo

/// Where a block is: its origin AS, country and access group, for the `probing` series and
/// for the evidence a block change leaves.
public struct BlockLocation: Sendable, Hashable {
    public var asn: UInt32?
    public var country: String?
    public var group: AccessGroup?

    public init(asn: UInt32? = nil, country: String? = nil, group: AccessGroup? = nil) {
        self.asn = asn
        self.country = country
        self.group = group
    }

    /// From the reference data (the block's first address).
    public static func locator<Family: ProbeFamily>(_ geo: GeoDatabase, _: Family.Type) -> @Sendable (Family.Bits) -> BlockLocation {
        { block in
            guard let answer = try? geo.lookup(Family.ipAddress(Family.prefix(ofBlock: block).first)) else { return BlockLocation() }
            let group: AccessGroup? = switch answer.access {
            case .mobile: .mobile
            case .fixed: .fixed
            default: nil
            }
            return BlockLocation(asn: answer.asn, country: answer.country, group: group)
        }
    }

    /// The entities a block counts for: its AS, its country and the country's access group.
    public var entities: [EntityID] {
        var entities: [EntityID] = []
        if let asn, asn != 0 { entities.append(.asn(asn)) }
        if let country, let id = try? EntityID.country(country) {
            entities.append(id)
            if let group { entities.append(EntityID(kind: .accessGroup(country: country, group: group))) }
        }
        return entities
    }
}

/// The `probing` signal (`probing6` for IPv6): per 5-minute bin, the number of tracked
/// blocks believed up per country, origin AS and access group. A series once seen keeps
/// getting values, so a network whose blocks all go down reads 0.
public struct ProbingSignal<Family: ProbeFamily>: Sendable {
    private let locate: @Sendable (Family.Bits) -> BlockLocation
    private var cache: [Family.Bits: BlockLocation] = [:]
    private var known: Set<SeriesKey> = []

    public init(locate: @escaping @Sendable (Family.Bits) -> BlockLocation) { self.locate = locate }

    /// Where `block` is (looked up once).
    public mutating func location(of block: Family.Bits) -> BlockLocation {
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

import TocsinCore
import TocsinGeo

/// Where a block is: its origin AS, country and access group, for the `probing` series.
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
    public static func locator(_ geo: GeoDatabase) -> @Sendable (UInt32) -> BlockLocation {
        { block in
            guard let answer = try? geo.lookup(.v4(IPv4Address(block << 8))) else { return BlockLocation() }
            let group: AccessGroup? = switch answer.access {
            case .mobile: .mobile
            case .fixed: .fixed
            default: nil
            }
            return BlockLocation(asn: answer.asn, country: answer.country, group: group)
        }
    }
}

/// The `probing` signal: per 5-minute bin, the number of tracked blocks believed up per
/// country, origin AS and access group. A series once seen keeps getting values, so a
/// network whose blocks all go down reads 0.
public struct ProbingSignal: Sendable {
    private let locate: @Sendable (UInt32) -> BlockLocation
    private var cache: [UInt32: BlockLocation] = [:]
    private var known: Set<SeriesKey> = []

    public init(locate: @escaping @Sendable (UInt32) -> BlockLocation) { self.locate = locate }

    public mutating func points(_ blocks: [TrackedBlock], time: Int64) -> [SignalPoint] {
        var counts: [SeriesKey: Double] = [:]
        for b in blocks {
            let where_ = cache[b.block] ?? locate(b.block)
            cache[b.block] = where_
            var entities: [EntityID] = []
            if let asn = where_.asn, asn != 0 { entities.append(.asn(asn)) }
            if let cc = where_.country, let id = try? EntityID.country(cc) {
                entities.append(id)
                if let g = where_.group { entities.append(EntityID(kind: .accessGroup(country: cc, group: g))) }
            }
            for e in entities { counts[SeriesKey(entity: e, signal: .probing), default: 0] += b.up ? 1 : 0 }
        }
        known.formUnion(counts.keys)
        let bin = TimeBin.floor(time)
        return known.sorted().map { SignalPoint(key: $0, time: bin, value: counts[$0] ?? 0) }
    }
}

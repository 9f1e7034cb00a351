import TocsinCore
import TocsinGeo

/// Where remote users are, per /24 (IPv4) or /48 (IPv6), looked up in the reference data
/// once per block and kept: a full lookup costs microseconds, and traffic comes from the same
/// blocks again and again. Entities are interned, so each block maps to a few small indices.
/// Not thread-safe: one owner at a time (the aggregator, behind the collector's lock).
public final class TrafficLocator: @unchecked Sendable {
    public let geo: GeoDatabase
    /// Blocks remembered at most; past it the cache starts again (bounded memory).
    public static let cacheLimit = 2_000_000
    private var v4: [UInt32: [Int32]] = [:]
    private var v6: [UInt64: [Int32]] = [:]
    public private(set) var entities: [EntityID] = []
    private var index: [EntityID: Int32] = [:]

    public init(_ geo: GeoDatabase) { self.geo = geo }

    /// The entities (indices into `entities`) the address counts for.
    public func entities(of address: IPAddress) -> [Int32] {
        switch address {
        case .v4(let a):
            let block = IPv4.block(of: a.value)
            if let known = v4[block] { return known }
            let found = intern(geo.location(of: .v4(IPv4Address(IPv4.prefix(ofBlock: block).first))).entities)
            if v4.count >= Self.cacheLimit { v4.removeAll(keepingCapacity: true) }
            v4[block] = found
            return found
        case .v6(let a):
            let block = UInt64(truncatingIfNeeded: IPv6.block(of: a.value))
            if let known = v6[block] { return known }
            let found = intern(geo.location(of: .v6(IPv6Address(IPv6.prefix(ofBlock: UInt128(block)).first))).entities)
            if v6.count >= Self.cacheLimit { v6.removeAll(keepingCapacity: true) }
            v6[block] = found
            return found
        }
    }

    private func intern(_ list: [EntityID]) -> [Int32] {
        list.map { e in
            if let i = index[e] { return i }
            let i = Int32(entities.count)
            entities.append(e)
            index[e] = i
            return i
        }
    }

    /// The block a client is counted by for `traffic_clients`: its /24 or /48, tagged by family.
    @inlinable public static func clientBlock(_ address: IPAddress) -> UInt64 {
        switch address {
        case .v4(let a): UInt64(IPv4.block(of: a.value))
        case .v6(let a): 1 << 63 | UInt64(truncatingIfNeeded: IPv6.block(of: a.value))
        }
    }
}

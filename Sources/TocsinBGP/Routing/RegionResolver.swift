import Foundation
import TocsinGeo

/// The region (ISO 3166-2 subdivision) of an address block, from a MaxMind City database —
/// the only reference data with subdivisions, and one that can only be asked address by
/// address, so answers are cached per block (visible pieces change little between bins).
public final class RegionResolver: @unchecked Sendable {
    private let maxmind: MaxMindDatabase
    private let lock = NSLock()
    private var cache: [UInt64: String] = [:]
    private var ipv6Cache: [UInt64: String] = [:]
    /// Cached answers are dropped past this many, so memory stays bounded.
    public static let cacheLimit = 4_000_000

    public init?(_ geo: GeoDatabase) {
        guard let maxmind = geo.maxmind else { return nil }
        self.maxmind = maxmind
    }

    /// `KZ-ALA` for the block's first address, if the database knows its subdivision.
    public func region(ofBlock block: UInt64, ipv6: Bool) -> String? {
        lock.lock()
        let known = ipv6 ? ipv6Cache[block] : cache[block]
        lock.unlock()
        if let known { return known.isEmpty ? nil : known }
        let address: IPAddress = ipv6 ? .v6(IPv6Address(IPv6.prefix(ofBlock: UInt128(block)).first))
            : .v4(IPv4Address(IPv4.prefix(ofBlock: UInt32(truncatingIfNeeded: block)).first))
        var answer = ""
        if let (_, record) = try? maxmind.lookup(address),
           let country = record["country"]?["iso_code"]?.string, let sub = record["subdivisions"]?[0]?["iso_code"]?.string {
            answer = "\(country)-\(sub)"
        }
        lock.lock()
        if cache.count + ipv6Cache.count > Self.cacheLimit { cache.removeAll(); ipv6Cache.removeAll() }
        if ipv6 { ipv6Cache[block] = answer } else { cache[block] = answer }
        lock.unlock()
        return answer.isEmpty ? nil : answer
    }
}

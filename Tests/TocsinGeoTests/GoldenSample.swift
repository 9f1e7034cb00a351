import TocsinCore
import TocsinGeo
import TocsinTestSupport

/// Random addresses inside the networks of the location database: "routed" addresses in the
/// sense of the issue, repeatable through a fixed seed.
enum GoldenSample {
    static func addresses(from db: LocationDatabase, count: Int, seed: UInt64) -> [IPAddress] {
        var networks: [(UInt128, Int)] = []
        networks.reserveCapacity(db.networkCount)
        db.forEachNetwork { bits, depth, _ in networks.append((bits, depth)) }
        var rng = SplitMix64(seed: seed)
        var result: [IPAddress] = []
        while result.count < count {
            let (bits, depth) = networks.randomElement(using: &rng)!
            let hostBits = depth == 0 ? ~UInt128(0) : ~UInt128(0) >> depth
            let address = bits | (UInt128(rng.next()) << 64 | UInt128(rng.next())) & hostBits
            let v6 = IPv6Address(address)
            if let v4 = v6.mappedIPv4, depth >= 96 { result.append(.v4(v4)) } else if v6.mappedIPv4 == nil { result.append(.v6(v6)) }
        }
        return result
    }
}

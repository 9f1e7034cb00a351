extension LocationDatabase {
    /// The country of each AS: where most of its IPv4 addresses are (for IPv6-only ASes,
    /// most of its /48s). Covering networks are counted only for space not claimed by a more
    /// specific network inside them, so nothing is counted twice.
    public func asCountries() -> [UInt32: String] {
        var space: [UInt32: [String: Double]] = [:]
        // Depth-first order puts a covering network before those inside it; subtract inner
        // space from the covering network it falls in.
        var open: [(first: UInt128, last: UInt128, asn: UInt32, country: String, weight: Double)] = []
        var totals: [(UInt32, String, Double)] = []
        func close(upTo first: UInt128?) {
            while let top = open.last, first.map({ $0 > top.last }) ?? true {
                open.removeLast()
                totals.append((top.asn, top.country, top.weight))
            }
        }
        forEachNetwork { bits, depth, network in
            let last = depth == 0 ? ~UInt128(0) : bits | (~UInt128(0) >> depth)
            close(upTo: bits)
            let isV4 = depth >= 96 && bits >> 32 == 0xFFFF
            let weight = isV4 ? Double(1 << UInt64(128 - depth)) : (depth <= 48 ? Double(sign: .plus, exponent: 48 - depth, significand: 1) / 1e6 : 0)
            if !open.isEmpty { open[open.count - 1].weight -= weight }
            open.append((bits, last, network.asn, network.country, weight))
        }
        close(upTo: nil)
        for (asn, country, weight) in totals where asn != 0 && !country.isEmpty && weight > 0 {
            space[asn, default: [:]][country, default: 0] += weight
        }
        return space.compactMapValues { $0.max { a, b in (a.value, b.key) < (b.value, a.key) }?.key }
    }
}

/// Reads Tor's GeoIP files (Debian `tor-geoipdb`: `/usr/share/tor/geoip` and `geoip6`), which
/// map address ranges to countries (IPFire location data).
///
/// IPv4 lines are `FIRST,LAST,CC` with the addresses as decimal integers; IPv6 lines are
/// `FIRST,LAST,CC` with the addresses in text form. Ranges are split into prefixes. Ranges
/// must be in order and must not overlap: a range that does is reported as a bad line.
/// Ranges marked `??` (no country known) are left out.
public enum TorGeoIP {
    public static let defaultIPv4Path = "/usr/share/tor/geoip"
    public static let defaultIPv6Path = "/usr/share/tor/geoip6"

    public static func loadIPv4(path: String = defaultIPv4Path) throws -> LoadResult<(IPv4Prefix, String)> {
        try load(path: path) { text in
            guard let v = UInt32(text) else { return nil }
            return v
        }
    }

    public static func loadIPv6(path: String = defaultIPv6Path) throws -> LoadResult<(IPv6Prefix, String)> {
        try load(path: path) { IPv6Address($0)?.value }
    }

    private static func load<F: AddressFamily>(path: String, parse: (Substring) -> F.Bits?) throws -> LoadResult<(IPPrefix<F>, String)> {
        var result = LoadResult<(IPPrefix<F>, String)>()
        var previousLast: F.Bits?
        try TextLines.forEach(path: path) { line, number in
            func bad(_ reason: String) { result.errors.append(ReferenceDataError(path: path, place: .line(number), reason: reason)) }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 3 else { return bad("expected FIRST,LAST,COUNTRY") }
            guard let first = parse(fields[0]), let last = parse(fields[1]) else { return bad("bad address in '\(line)'") }
            guard first <= last else { return bad("range ends before it starts") }
            let country = String(fields[2])
            if country == "??" { return }  // Tor's mark for "no country known"
            guard country.utf8.count == 2, country.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else {
                return bad("bad country code '\(country)'")
            }
            if let previousLast, first <= previousLast { return bad("range overlaps or precedes the one before it") }
            previousLast = last
            for prefix in IPPrefix<F>.covering(first: first, last: last) { result.entries.append((prefix, country)) }
        }
        return result
    }
}

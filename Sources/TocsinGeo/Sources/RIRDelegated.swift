/// Reads RIR statistics files (`delegated-<rir>-extended-latest` and the plain form):
/// `registry|cc|type|start|value|date|status[|opaque-id]`, which give the country each
/// block of addresses and each AS number was registered to.
///
/// For `ipv4`, `value` is a count of addresses (not always a power of two: the range is split
/// into prefixes); for `ipv6`, a prefix length; for `asn`, a count of AS numbers. Only
/// `allocated` and `assigned` records are kept; the version line, summary lines and
/// `available`/`reserved` records are skipped.
public enum RIRDelegated {
    /// What one file registered.
    public struct Registrations: Sendable {
        public var ipv4: [(IPv4Prefix, String)] = []
        public var ipv6: [(IPv6Prefix, String)] = []
        /// AS number ranges and their countries.
        public var asns: [(ClosedRange<UInt32>, String)] = []
        public var errors: [ReferenceDataError] = []
    }

    public static func load(path: String) throws -> Registrations {
        var result = Registrations()
        var sawVersion = false
        try TextLines.forEach(path: path) { line, number in
            func bad(_ reason: String) { result.errors.append(ReferenceDataError(path: path, place: .line(number), reason: reason)) }
            let f = line.split(separator: "|", omittingEmptySubsequences: false)
            if !sawVersion, f.count >= 6, f[0].first?.isNumber == true {
                sawVersion = true  // version line: 2|afrinic|20230323|...
                return
            }
            guard f.count >= 7 else {
                if f.count == 6, f[5] == "summary" { return }
                return bad("expected registry|cc|type|start|value|date|status")
            }
            let status = f[6]
            guard status == "allocated" || status == "assigned" else { return }
            let cc = String(f[1])
            guard cc.utf8.count == 2, cc.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else { return bad("bad country code '\(cc)'") }
            guard let value = UInt64(f[4]), value > 0 else { return bad("bad value '\(f[4])'") }
            switch f[2] {
            case "ipv4":
                guard let start = IPv4Address(f[3]), UInt64(start.value) + value - 1 <= UInt64(UInt32.max) else {
                    return bad("bad IPv4 start or count")
                }
                for p in IPv4Prefix.covering(first: start.value, last: start.value + UInt32(value - 1)) { result.ipv4.append((p, cc)) }
            case "ipv6":
                guard let start = IPv6Address(f[3]), value <= 128 else { return bad("bad IPv6 start or prefix length") }
                result.ipv6.append((IPv6Prefix(masking: start.value, length: Int(value)), cc))
            case "asn":
                guard let start = UInt32(f[3]), UInt64(start) + value - 1 <= UInt64(UInt32.max) else { return bad("bad AS number range") }
                result.asns.append((start...(start + UInt32(value - 1)), cc))
            default:
                bad("unknown type '\(f[2])'")
            }
        }
        return result
    }
}

/// Reads prefix-to-AS tables: CAIDA's Routeviews pfx2as files (`prefix<TAB>length<TAB>asn`)
/// and pyasn's `ipasn` files (`prefix/length<TAB>asn`, comments starting with `;`).
///
/// CAIDA writes multi-origin prefixes as `a_b` and AS sets as `a,b`; the first AS is taken.
public enum PrefixToAS {
    public struct Table: Sendable {
        public var ipv4: [(IPv4Prefix, UInt32)] = []
        public var ipv6: [(IPv6Prefix, UInt32)] = []
        public var errors: [ReferenceDataError] = []
    }

    public static func load(path: String) throws -> Table {
        var table = Table()
        try TextLines.forEach(path: path, comment: UInt8(ascii: ";")) { line, number in
            func bad(_ reason: String) { table.errors.append(ReferenceDataError(path: path, place: .line(number), reason: reason)) }
            let fields = line.split(whereSeparator: { $0 == "\t" || $0 == " " })
            let prefixText: String
            let asText: Substring
            switch fields.count {
            case 3: prefixText = "\(fields[0])/\(fields[1])"; asText = fields[2]
            case 2: prefixText = String(fields[0]); asText = fields[1]
            default: return bad("expected prefix<TAB>length<TAB>asn or prefix/length<TAB>asn")
            }
            guard let first = asText.split(whereSeparator: { $0 == "_" || $0 == "," }).first, let asn = UInt32(first), asn > 0 else {
                return bad("bad AS number '\(asText)'")
            }
            if prefixText.contains(":") {
                do { table.ipv6.append((try IPv6Prefix(prefixText), asn)) } catch { bad("\(error)") }
            } else {
                do { table.ipv4.append((try IPv4Prefix(prefixText), asn)) } catch { bad("\(error)") }
            }
        }
        return table
    }
}

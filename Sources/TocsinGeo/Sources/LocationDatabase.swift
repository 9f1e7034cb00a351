/// A reader for the IPFire location database (libloc format version 1), as Debian's
/// `libloc-database` ships it at `/usr/share/libloc-location/location.db`: networks → country,
/// origin AS and flags; AS numbers → names; country codes → names.
///
/// The whole file is checked when it is opened (magic, version, every section inside the
/// file, every tree link inside the tree), so a truncated or corrupt file is refused whole
/// and a lookup can never read out of bounds. Integers are big-endian. All addresses live in
/// one binary tree over 128 bits, IPv4 as `::ffff:a.b.c.d`; the depth of the node holding a
/// network is its prefix length.
public struct LocationDatabase: Sendable {
    public static let defaultPath = "/usr/share/libloc-location/location.db"

    /// What the database says of one network.
    public struct Network: Sendable, Hashable {
        /// ISO 3166-1 alpha-2, or empty.
        public var country: String
        /// 0 where the database has none.
        public var asn: UInt32
        public var flags: Flags

        public init(country: String, asn: UInt32, flags: Flags) {
            self.country = country
            self.asn = asn
            self.flags = flags
        }
    }

    /// libloc's network flags.
    public struct Flags: OptionSet, Sendable, Hashable {
        public let rawValue: UInt16
        public init(rawValue: UInt16) { self.rawValue = rawValue }
        public static let anonymousProxy = Flags(rawValue: 1)
        public static let satelliteProvider = Flags(rawValue: 2)
        public static let anycast = Flags(rawValue: 4)
        public static let drop = Flags(rawValue: 8)
    }

    public let path: String
    /// When the database was made (Unix seconds).
    public let createdAt: Int64
    private let data: BigEndianBytes
    private let asSection: Section
    private let networkSection: Section
    private let treeSection: Section
    private let countrySection: Section
    private let pool: Section

    private struct Section: Sendable {
        let offset: Int
        let length: Int
        let recordSize: Int
        var count: Int { length / recordSize }
    }

    private static let noNetwork: UInt32 = 0xFFFF_FFFF

    /// Opens and fully checks a database file.
    public init(path: String = defaultPath) throws(ReferenceDataError) {
        let data = try BigEndianBytes.read(path: path)
        func corrupt(_ at: Int, _ reason: String) -> ReferenceDataError {
            ReferenceDataError(path: path, place: .offset(at), reason: reason)
        }
        guard data.count >= 4200, Array(data.bytes[0..<7]) == Array("LOCDBXX".utf8) else {
            throw corrupt(0, "not a libloc database (no LOCDBXX magic)")
        }
        guard data.u8(7) == 1 else { throw corrupt(7, "unsupported libloc format version \(data.u8(7))") }
        func section(_ at: Int, _ recordSize: Int, _ name: String) throws(ReferenceDataError) -> Section {
            let offset = Int(data.u32(at)), length = Int(data.u32(at + 4))
            guard offset + length <= data.count else { throw corrupt(at, "\(name) section runs past the end of the file (truncated?)") }
            guard length % recordSize == 0 else { throw corrupt(at, "\(name) section length \(length) is not a multiple of \(recordSize)") }
            return Section(offset: offset, length: length, recordSize: recordSize)
        }
        let tree = try section(44, 12, "network tree")
        let networks = try section(36, 12, "network")
        guard tree.count > 0 else { throw corrupt(44, "empty network tree") }
        for i in 0..<tree.count {
            let at = tree.offset + i * 12
            guard data.u32(at) < UInt32(tree.count), data.u32(at + 4) < UInt32(tree.count) else {
                throw corrupt(at, "tree node \(i) links outside the tree")
            }
            let network = data.u32(at + 8)
            guard network == Self.noNetwork || network < UInt32(networks.count) else {
                throw corrupt(at + 8, "tree node \(i) names network \(network) of \(networks.count)")
            }
        }
        for i in 0..<networks.count {
            let at = networks.offset + i * 12
            let a = data.u8(at), b = data.u8(at + 1)
            guard (a == 0 && b == 0) || ((0x41...0x5A).contains(a) && (0x41...0x5A).contains(b)) else {
                throw corrupt(at, "network \(i) has a bad country code")
            }
        }
        self.path = path
        self.data = data
        self.treeSection = tree
        self.networkSection = networks
        self.asSection = try section(28, 8, "AS")
        self.countrySection = try section(52, 8, "country")
        self.pool = try section(60, 1, "string pool")
        self.createdAt = Int64(bitPattern: data.u64(8))
    }

    /// Who made the database, and under which licence.
    public var vendor: String { string(at: Int(data.u32(16))) ?? "" }
    public var license: String { string(at: Int(data.u32(24))) ?? "" }

    public var networkCount: Int { networkSection.count }
    public var asCount: Int { asSection.count }
    public var countryCount: Int { countrySection.count }

    /// The most specific network holding an IPv6 address (IPv4 as `::ffff:a.b.c.d`), with its
    /// prefix length in the 128-bit tree.
    public func lookup(_ address: UInt128) -> (length: Int, network: Network)? {
        var node = 0
        var best: (Int, UInt32)?
        for depth in 0...128 {
            let at = treeSection.offset + node * 12
            let network = data.u32(at + 8)
            if network != Self.noNetwork { best = (depth, network) }
            guard depth < 128 else { break }
            let bit = (address >> (127 - depth)) & 1
            let next = Int(data.u32(at + (bit == 0 ? 0 : 4)))
            if next == 0 { break }
            node = next
        }
        return best.map { ($0.0, network(at: Int($0.1))) }
    }

    /// The most specific network holding an IPv4 address, with its IPv4 prefix length.
    public func lookup(_ address: IPv4Address) -> (prefix: IPv4Prefix, network: Network)? {
        guard let (depth, network) = lookup(IPv6Address(mapping: address).value), depth >= 96 else { return nil }
        return (IPv4Prefix(masking: address.value, length: depth - 96), network)
    }

    /// The name of an AS (binary search: the records are sorted by number).
    public func asName(_ asn: UInt32) -> String? {
        var lo = 0, hi = asSection.count
        while lo < hi {
            let mid = (lo + hi) / 2
            let at = asSection.offset + mid * 8
            let n = data.u32(at)
            if n == asn { return string(at: Int(data.u32(at + 4))) }
            if n < asn { lo = mid + 1 } else { hi = mid }
        }
        return nil
    }

    /// The English name of a country code (binary search: the records are sorted by code).
    public func countryName(_ code: String) -> String? {
        let key = Array(code.utf8)
        guard key.count == 2 else { return nil }
        var lo = 0, hi = countrySection.count
        while lo < hi {
            let mid = (lo + hi) / 2
            let at = countrySection.offset + mid * 8
            let here = [data.u8(at), data.u8(at + 1)]
            if here == key { return string(at: Int(data.u32(at + 4))) }
            if here.lexicographicallyPrecedes(key) { lo = mid + 1 } else { hi = mid }
        }
        return nil
    }

    /// Every AS with its name.
    public func allASNames() -> [(UInt32, String)] {
        (0..<asSection.count).compactMap { i in
            let at = asSection.offset + i * 8
            return string(at: Int(data.u32(at + 4))).map { (data.u32(at), $0) }
        }
    }

    /// Every network, depth first (address order, a covering network before those inside it):
    /// `(address bits, prefix length in the 128-bit tree, network)`.
    public func forEachNetwork(_ body: (UInt128, Int, Network) -> Void) {
        var stack: [(node: Int, depth: Int, bits: UInt128)] = [(0, 0, 0)]
        var visited = 0
        while let (node, depth, bits) = stack.popLast() {
            visited += 1
            guard visited <= treeSection.count else { return }  // a cycle: stop rather than loop
            let at = treeSection.offset + node * 12
            let network = data.u32(at + 8)
            if network != Self.noNetwork { body(bits, depth, self.network(at: Int(network))) }
            guard depth < 128 else { continue }
            let one = Int(data.u32(at + 4)), zero = Int(data.u32(at))
            if one != 0 { stack.append((one, depth + 1, bits | (UInt128(1) << (127 - depth)))) }
            if zero != 0 { stack.append((zero, depth + 1, bits)) }
        }
    }

    /// The IPv4 networks as a prefix table.
    public func ipv4Table() -> IPv4PrefixTable<Network> {
        var entries: [(IPv4Prefix, Network)] = []
        forEachNetwork { bits, depth, network in
            guard depth >= 96, bits >> 32 == 0xFFFF else { return }
            entries.append((IPv4Prefix(masking: UInt32(truncatingIfNeeded: bits), length: depth - 96), network))
        }
        return IPv4PrefixTable(entries)
    }

    /// The IPv6 networks (outside `::ffff:0:0/96`) as a prefix table.
    public func ipv6Table() -> IPv6PrefixTable<Network> {
        var entries: [(IPv6Prefix, Network)] = []
        forEachNetwork { bits, depth, network in
            guard !(depth >= 96 && bits >> 32 == 0xFFFF) else { return }
            entries.append((IPv6Prefix(masking: bits, length: depth), network))
        }
        return IPv6PrefixTable(entries)
    }

    private func network(at index: Int) -> Network {
        let at = networkSection.offset + index * 12
        let a = data.u8(at), b = data.u8(at + 1)
        let country = a == 0 ? "" : String(decoding: [a, b], as: UTF8.self)
        return Network(country: country, asn: data.u32(at + 4), flags: Flags(rawValue: data.u16(at + 8)))
    }

    /// A NUL-terminated string from the pool; nil if the offset or the string runs out of it.
    private func string(at offset: Int) -> String? {
        guard offset < pool.length else { return nil }
        let start = pool.offset + offset
        let end = pool.offset + pool.length
        guard let nul = data.bytes[start..<end].firstIndex(of: 0) else { return nil }
        return String(decoding: data.bytes[start..<nul], as: UTF8.self)
    }
}

/// A reader for MaxMind DB files (`.mmdb`, format 2.0): GeoLite2/GeoIP2 City, Country and ASN
/// databases and others of the same format.
///
/// The file is checked when opened: the metadata, the record size, and every record of the
/// search tree (each must name a node, "no data", or a place inside the data section), so a
/// truncated or corrupt file is refused whole. Lookups decode only the record they reach.
public struct MaxMindDatabase: Sendable {
    public let path: String
    public let databaseType: String
    public let ipVersion: Int
    /// When the database was built (Unix seconds).
    public let buildEpoch: Int64
    private let bytes: [UInt8]
    private let nodeCount: Int
    private let recordSize: Int
    private let dataStart: Int
    private let dataEnd: Int
    private let ipv4Start: Int

    private static let marker: [UInt8] = [0xAB, 0xCD, 0xEF] + Array("MaxMind.com".utf8)

    public init(path: String) throws(ReferenceDataError) {
        let bytes = try BigEndianBytes.read(path: path).bytes
        func corrupt(_ at: Int, _ reason: String) -> ReferenceDataError {
            ReferenceDataError(path: path, place: .offset(at), reason: reason)
        }
        // The metadata follows the last marker, within the last 128 KiB.
        let searchFrom = max(0, bytes.count - 128 * 1024)
        var markerAt: Int?
        var i = bytes.count - Self.marker.count
        while i >= searchFrom {
            if bytes[i] == 0xAB, bytes[i..<(i + Self.marker.count)].elementsEqual(Self.marker) { markerAt = i; break }
            i -= 1
        }
        guard let markerAt else { throw corrupt(0, "not a MaxMind DB (no metadata marker; truncated?)") }
        let metaStart = markerAt + Self.marker.count
        let metadata: MaxMindValue
        do {
            metadata = try MaxMindDecoder(bytes: bytes, base: metaStart, end: bytes.count).decode(at: 0)
        } catch {
            throw corrupt(error.offset, "bad metadata: \(error.reason)")
        }
        guard let nodes = metadata["node_count"]?.unsigned, let recordBits = metadata["record_size"]?.unsigned,
              let version = metadata["ip_version"]?.unsigned, let major = metadata["binary_format_major_version"]?.unsigned
        else { throw corrupt(metaStart, "metadata lacks node_count, record_size, ip_version or binary_format_major_version") }
        guard major == 2 else { throw corrupt(metaStart, "unsupported format version \(major)") }
        guard [24, 28, 32].contains(recordBits) else { throw corrupt(metaStart, "unsupported record size \(recordBits)") }
        guard version == 4 || version == 6 else { throw corrupt(metaStart, "ip_version \(version)") }
        let treeSize = Int(nodes) * Int(recordBits) / 4
        guard nodes < UInt64(Int32.max), treeSize + 16 <= markerAt else { throw corrupt(0, "search tree runs past the data (truncated?)") }
        guard bytes[treeSize..<(treeSize + 16)].allSatisfy({ $0 == 0 }) else { throw corrupt(treeSize, "no data section separator after the tree") }

        let nodeCount = Int(nodes), recordSize = Int(recordBits)
        let limit = nodeCount + 16 + (markerAt - (treeSize + 16))
        for node in 0..<nodeCount {
            for side in 0...1 where Self.record(bytes, recordSize, node, side) >= limit {
                throw corrupt(node * recordSize / 4, "tree node \(node) points outside the data section")
            }
        }
        var start = 0
        if version == 6 {
            for _ in 0..<96 where start < nodeCount { start = Self.record(bytes, recordSize, start, 0) }
        }
        self.path = path
        self.bytes = bytes
        self.nodeCount = nodeCount
        self.recordSize = recordSize
        self.dataStart = treeSize + 16
        self.dataEnd = markerAt
        self.ipVersion = Int(version)
        self.databaseType = metadata["database_type"]?.string ?? ""
        self.buildEpoch = Int64(metadata["build_epoch"]?.unsigned ?? 0)
        self.ipv4Start = start
    }

    /// The record for an address and the prefix length (in the address's own family) it
    /// was found under, or nil where the database has no data.
    public func lookup(_ address: IPAddress) throws(ReferenceDataError) -> (length: Int, value: MaxMindValue)? {
        let bits: UInt128, width: Int
        var node: Int
        switch address {
        case .v4(let a):
            bits = UInt128(a.value) << 96
            width = 32
            node = ipv4Start
        case .v6(let a):
            guard ipVersion == 6 else {
                guard let v4 = a.mappedIPv4 else { return nil }
                return try lookup(.v4(v4))
            }
            bits = a.value
            width = 128
            node = 0
        }
        var depth = 0
        while node < nodeCount, depth < width {
            node = record(node, Int((bits >> (127 - depth)) & 1))
            depth += 1
        }
        guard node > nodeCount else { return nil }
        let offset = node - nodeCount - 16
        do {
            return (depth, try MaxMindDecoder(bytes: bytes, base: dataStart, end: dataEnd).decode(at: offset))
        } catch {
            throw ReferenceDataError(path: path, place: .offset(error.offset), reason: error.reason)
        }
    }

    private func record(_ node: Int, _ side: Int) -> Int { Self.record(bytes, recordSize, node, side) }

    /// One of a node's two records (0 = left, for bit 0).
    private static func record(_ bytes: [UInt8], _ recordSize: Int, _ node: Int, _ side: Int) -> Int {
        let at = node * recordSize / 4
        switch recordSize {
        case 24:
            let b = at + side * 3
            return Int(bytes[b]) << 16 | Int(bytes[b + 1]) << 8 | Int(bytes[b + 2])
        case 28:
            if side == 0 {
                return Int(bytes[at + 3] & 0xF0) << 20 | Int(bytes[at]) << 16 | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2])
            }
            return Int(bytes[at + 3] & 0x0F) << 24 | Int(bytes[at + 4]) << 16 | Int(bytes[at + 5]) << 8 | Int(bytes[at + 6])
        default:
            let b = at + side * 4
            return Int(bytes[b]) << 24 | Int(bytes[b + 1]) << 16 | Int(bytes[b + 2]) << 8 | Int(bytes[b + 3])
        }
    }
}

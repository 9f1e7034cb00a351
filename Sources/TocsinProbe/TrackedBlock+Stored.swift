import TocsinGeo

extension TrackedBlock {
    /// Bytes per host when packed: 1 for an IPv4 /24, 10 for an IPv6 /48.
    public static var hostBytes: Int { (Family.width - Family.blockLength + 7) / 8 }

    /// The hosts packed big-endian, `hostBytes` each, as the store keeps them.
    public var packedHosts: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hosts.count * Self.hostBytes)
        for h in hosts {
            for k in (0..<Self.hostBytes).reversed() { bytes.append(UInt8(truncatingIfNeeded: h >> Family.Host(8 * k))) }
        }
        return bytes
    }

    /// A block as stored; nil when the prefix is not a block of this family or the hosts
    /// do not unpack.
    public init?(prefix text: String, packedHosts bytes: [UInt8], availability: Double, up: Bool, changedAt: Int64?) {
        guard let prefix = try? IPPrefix<Family>(text), prefix.length == Family.blockLength,
              !bytes.isEmpty, bytes.count % Self.hostBytes == 0 else { return nil }
        var hosts: [Family.Host] = []
        hosts.reserveCapacity(bytes.count / Self.hostBytes)
        for start in stride(from: 0, to: bytes.count, by: Self.hostBytes) {
            var h: Family.Host = 0
            for b in bytes[start..<start + Self.hostBytes] { h = h << 8 | Family.Host(b) }
            hosts.append(h)
        }
        self.init(block: Family.block(of: prefix.network), hosts: hosts, availability: availability, up: up, changedAt: changedAt)
    }
}

/// A router whose routes Tocsin sees: a peer of an MRT collector, of Tocsin's own BGP
/// speaker or of a BMP-monitored router. `source` names where it was seen (a collector, a
/// file, `bgp`, `bmp:<router>`) so the same address on two collectors stays two peers.
public struct CollectorPeer: Sendable, Hashable, CustomStringConvertible {
    public var source: String
    public var address: UInt128
    public var isIPv6: Bool
    public var asn: UInt32

    public init(source: String, address: UInt128, isIPv6: Bool, asn: UInt32) {
        self.source = source
        self.address = address
        self.isIPv6 = isIPv6
        self.asn = asn
    }

    public var description: String {
        var text = TextBuffer(capacity: 48)
        if isIPv6 { text.ipv6(address) } else { text.ipv4(UInt32(truncatingIfNeeded: address >> 96)) }
        return "\(source) AS\(asn) \(String(decoding: text.bytes, as: UTF8.self))"
    }
}

/// A prefix as routing keys it: masked network, length and family.
struct PrefixKey: Hashable, Sendable {
    var network: UInt128
    var length: UInt8
    var isIPv6: Bool

    init(_ prefix: RoutePrefix) {
        network = prefix.network
        length = prefix.length
        isIPv6 = prefix.family == .ipv6
    }

    /// The first and last /24 (IPv4) or /48 (IPv6) block the prefix touches.
    var blocks: (first: UInt64, last: UInt64) {
        let shift = isIPv6 ? 80 : 104  // addresses are left-aligned in 128 bits
        let host: UInt128 = length >= 128 ? 0 : (UInt128(1) << (128 - Int(length))) &- 1
        let last = network | host
        let width = isIPv6 ? 48 : 24
        let mask: UInt64 = (1 << width) - 1
        return (UInt64(truncatingIfNeeded: network >> shift) & mask, UInt64(truncatingIfNeeded: last >> shift) & mask)
    }
}

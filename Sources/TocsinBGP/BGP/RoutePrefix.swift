import TocsinCore

/// The address family of a route, as BGP numbers it (AFI).
public enum AddressFamilyID: UInt16, Sendable, Hashable {
    case ipv4 = 1
    case ipv6 = 2
}

/// A prefix exactly as it came off the wire: the address bytes are *not* masked (bgpdump
/// prints them unmasked), the length is not checked against the family, and ADD-PATH routes
/// carry their path identifier.
public struct RoutePrefix: Sendable, Hashable {
    /// The address bytes, most significant first (an IPv4 address is the top 32 bits).
    public var address: UInt128
    public var length: UInt8
    public var family: AddressFamilyID
    /// RFC 7911 path identifier; 0 without ADD-PATH.
    public var pathID: UInt32
    /// Bytes 17–24 of a malformed prefix longer than 128 bits (most significant first), kept
    /// only because bgpdump prints them: its 16-byte buffer overflows into the length and
    /// path-id fields.
    public var overlongBytes: UInt64 = 0

    public init(address: UInt128, length: UInt8, family: AddressFamilyID, pathID: UInt32 = 0) {
        self.address = address
        self.length = length
        self.family = family
        self.pathID = pathID
    }

    /// The IPv4 address (the first four bytes).
    public var ipv4: UInt32 { UInt32(truncatingIfNeeded: address >> 96) }

    /// Whether the length fits the family (≤ 32 or ≤ 128).
    public var isWellFormed: Bool { length <= (family == .ipv4 ? 32 : 128) }

    /// The address with the bits below the mask cleared, as routing needs it.
    public var network: UInt128 {
        let bits = Int(min(length, 128))
        return bits == 0 ? 0 : address & ~((UInt128(1) << (128 - bits)) &- 1)
    }
}

extension WireReader {
    /// Reads an NLRI list (RFC 4271 §4.3, RFC 7911 with `addPath`) to the end of this reader.
    /// A last prefix whose bytes run past the end is dropped and the reader marked.
    mutating func prefixList(family: AddressFamilyID, addPath: Bool, into list: inout [RoutePrefix]) {
        while !isAtEnd {
            let pathID = addPath ? u32() : 0
            let length = u8()
            let count = (Int(length) + 7) / 8
            guard count <= remaining, !overran else { skip(count); return }
            var prefix = RoutePrefix(address: leftAligned(min(count, 16)), length: length, family: family, pathID: pathID)
            if count > 16 {
                let extra = count - 16
                for i in 0..<extra {
                    let byte = u8()
                    if i < 8 { prefix.overlongBytes |= UInt64(byte) << (56 - 8 * i) }
                }
            }
            list.append(prefix)
        }
    }
}

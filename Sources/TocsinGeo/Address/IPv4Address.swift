/// An IPv4 address as a 32-bit number.
public struct IPv4Address: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var value: UInt32

    public init(_ value: UInt32) { self.value = value }

    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Parses dotted-quad text strictly: four decimal octets, no leading zeros.
    public init?(_ text: some StringProtocol) {
        var v: UInt32 = 0
        var octet: UInt32 = 0
        var digits = 0
        var dots = 0
        var leadingZero = false
        for c in text.utf8 {
            if c == 0x2E {
                guard digits > 0, dots < 3 else { return nil }
                v = v << 8 | octet
                octet = 0
                digits = 0
                dots += 1
            } else if c >= 0x30, c <= 0x39 {
                if digits == 1, leadingZero { return nil }
                if digits == 0 { leadingZero = c == 0x30 }
                octet = octet * 10 + UInt32(c - 0x30)
                digits += 1
                guard digits <= 3, octet <= 255 else { return nil }
            } else {
                return nil
            }
        }
        guard dots == 3, digits > 0 else { return nil }
        value = v << 8 | octet
    }

    public var description: String {
        "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
    }

    /// The /24 block holding this address, as its network number (address >> 8).
    public var slash24: UInt32 { value >> 8 }

    public static func < (a: IPv4Address, b: IPv4Address) -> Bool { a.value < b.value }
}

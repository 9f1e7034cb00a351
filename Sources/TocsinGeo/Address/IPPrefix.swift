/// An address family: the integer an address is, and how wide it is. Lets one prefix type and
/// one table serve IPv4 and IPv6.
public protocol AddressFamily: Sendable {
    associatedtype Bits: FixedWidthInteger & UnsignedInteger & Sendable & Hashable
    static var width: Int { get }
    /// The block Tocsin counts address space in: IPv4 /24, IPv6 /48 (routed space in the
    /// `bgp` signals, probed blocks, traffic clients).
    static var blockLength: Int { get }
    static var name: String { get }
    static func format(_ bits: Bits) -> String
    static func parse(_ text: Substring) -> Bits?
}

/// IPv4: 32-bit addresses.
public enum IPv4: AddressFamily {
    public static let width = 32
    public static let blockLength = 24
    public static let name = "IPv4"
    public static func format(_ bits: UInt32) -> String { IPv4Address(bits).description }
    public static func parse(_ text: Substring) -> UInt32? { IPv4Address(text)?.value }
}

/// IPv6: 128-bit addresses.
public enum IPv6: AddressFamily {
    public static let width = 128
    public static let blockLength = 48
    public static let name = "IPv6"
    public static func format(_ bits: UInt128) -> String { IPv6Address(bits).description }
    public static func parse(_ text: Substring) -> UInt128? { IPv6Address(text)?.value }
}

extension AddressFamily {
    /// Address bits below the block length.
    public static var hostBits: Int { width - blockLength }

    /// The block an address is in (its network bits, shifted down).
    @inlinable public static func block(of address: Bits) -> Bits { address >> Bits(width - blockLength) }

    /// The address `host` (the bits below the block length) in `block`.
    @inlinable public static func address(block: Bits, host: Bits) -> Bits { block << Bits(width - blockLength) | host }

    /// The block as a prefix.
    public static func prefix(ofBlock block: Bits) -> IPPrefix<Self> {
        IPPrefix(masking: block << Bits(width - blockLength), length: blockLength)
    }
}

/// A network: an address and a prefix length, with the host bits zero.
public struct IPPrefix<Family: AddressFamily>: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let network: Family.Bits
    public let length: Int

    /// Makes a prefix, zeroing any host bits of `address`.
    public init(masking address: Family.Bits, length: Int) {
        precondition((0...Family.width).contains(length), "prefix length out of range")
        self.length = length
        self.network = address & Self.mask(length)
    }

    /// Parses `address/length`; host bits set is an error, as is a missing length.
    public init(_ text: some StringProtocol) throws(PrefixError) {
        let text = Substring(text)
        guard let slash = text.firstIndex(of: "/") else { throw PrefixError(text: String(text), reason: "no /length") }
        guard let address = Family.parse(text[..<slash]) else {
            throw PrefixError(text: String(text), reason: "not an \(Family.name) address")
        }
        let lengthText = text[text.index(after: slash)...]
        guard (1...3).contains(lengthText.utf8.count), lengthText.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              let length = Int(lengthText), length <= Family.width
        else { throw PrefixError(text: String(text), reason: "prefix length must be 0-\(Family.width)") }
        guard address & ~Self.mask(length) == 0 else { throw PrefixError(text: String(text), reason: "host bits are set") }
        self.network = address
        self.length = length
    }

    /// The netmask of a prefix length.
    public static func mask(_ length: Int) -> Family.Bits {
        length == 0 ? 0 : ~Family.Bits(0) << (Family.width - length)
    }

    public var first: Family.Bits { network }
    public var last: Family.Bits { network | ~Self.mask(length) }

    public func contains(_ address: Family.Bits) -> Bool { address & Self.mask(length) == network }
    public func contains(_ other: IPPrefix) -> Bool { other.length >= length && contains(other.network) }

    public var description: String { "\(Family.format(network))/\(length)" }

    public static func < (a: IPPrefix, b: IPPrefix) -> Bool { (a.network, a.length) < (b.network, b.length) }

    /// The fewest prefixes that exactly cover `first...last` (RIR and tor ranges need not be
    /// aligned), in address order.
    public static func covering(first: Family.Bits, last: Family.Bits) -> [IPPrefix] {
        guard first <= last else { return [] }
        var prefixes: [IPPrefix] = []
        var start = first
        while true {
            // The largest aligned block starting at `start` that does not pass `last`.
            var size = start == 0 ? Family.width : start.trailingZeroBitCount
            while size > 0 {
                let span: Family.Bits = size == Family.width ? ~0 : (Family.Bits(1) << size) - 1
                if span <= last - start { break }
                size -= 1
            }
            prefixes.append(IPPrefix(masking: start, length: Family.width - size))
            let blockLast = start | (size == Family.width ? ~0 : (Family.Bits(1) << size) - 1)
            if blockLast >= last { return prefixes }
            start = blockLast + 1
        }
    }
}

public typealias IPv4Prefix = IPPrefix<IPv4>
public typealias IPv6Prefix = IPPrefix<IPv6>

/// A malformed prefix, with the reason.
public struct PrefixError: Error, Sendable, Equatable, CustomStringConvertible {
    public let text: String
    public let reason: String
    public var description: String { "invalid prefix '\(text)': \(reason)" }
}

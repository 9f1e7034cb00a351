#if canImport(Glibc)
import Glibc
#endif
import TocsinCore
import TocsinGeo

/// What probing needs to know of an address family: how large a watched block is, which
/// ICMP types are echo request and reply, and how its raw socket addresses a target and
/// reports a sender. One prober, census and round serve both families through it.
///
/// Blocks are the address family's (TocsinGeo): IPv4 /24s (Trinocular, IODA), IPv6 /48s, an
/// end site's usual assignment: finer blocks rarely hold the 15 responsive addresses
/// eligibility asks, and IPv6 targets come from a census of small prefixes or from a
/// hitlist, never a sweep.
public protocol ProbeFamily: AddressFamily {
    /// An address's bits below the block length: the host within its block.
    associatedtype Host: FixedWidthInteger & UnsignedInteger & Sendable & Hashable
    /// The series the blocks believed up are counted in.
    static var signal: SignalName { get }
    /// A short tag for logs and metrics: `ipv4`, `ipv6`.
    static var tag: String { get }
    /// 4 or 6, as the store keeps it.
    static var version: Int { get }
    static var socketDomain: Int32 { get }
    static var socketProtocol: Int32 { get }
    static var echoRequestType: UInt8 { get }
    static var echoReplyType: UInt8 { get }
    /// Whether the kernel fills in and checks the ICMP checksum (ICMPv6 raw sockets, RFC 3542).
    static var kernelChecksums: Bool { get }
    /// Calls `body` with `address` as a socket address.
    static func withSocketAddress<R>(_ address: Bits, _ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R
    /// The address as the reference data looks it up.
    static func ipAddress(_ bits: Bits) -> IPAddress
    /// The sender of a received datagram.
    static func source(_ storage: sockaddr_storage) -> Bits?
    /// The ICMP message inside a received datagram (an IPv4 raw socket hands over the IP
    /// header too), or why there is none.
    static func icmpMessage(_ datagram: ArraySlice<UInt8>) -> Result<ArraySlice<UInt8>, ICMPEcho.Rejection>
}

extension ProbeFamily {
    /// The address of `host` in `block`.
    @inlinable public static func address(block: Bits, host: Host) -> Bits { address(block: block, host: Bits(truncatingIfNeeded: host)) }

    @inlinable public static func host(of address: Bits) -> Host {
        Host(truncatingIfNeeded: address & ~(~Bits(0) << Bits(hostBits)))
    }
}

extension IPv4: ProbeFamily {
    public typealias Host = UInt8
    public static let signal = SignalName.probing
    public static let tag = "ipv4"
    public static let version = 4
    public static let socketDomain = AF_INET
    public static let socketProtocol = Int32(IPPROTO_ICMP)
    public static let echoRequestType: UInt8 = 8
    public static let echoReplyType: UInt8 = 0
    public static let kernelChecksums = false

    public static func ipAddress(_ bits: UInt32) -> IPAddress { .v4(IPv4Address(bits)) }

    public static func withSocketAddress<R>(_ address: UInt32, _ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        var target = sockaddr_in()
        target.sin_family = sa_family_t(AF_INET)
        target.sin_addr.s_addr = address.bigEndian
        return withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }

    public static func source(_ storage: sockaddr_storage) -> UInt32? {
        guard storage.ss_family == sa_family_t(AF_INET) else { return nil }
        return withUnsafeBytes(of: storage) { raw in
            UInt32(bigEndian: raw.load(fromByteOffset: MemoryLayout<sockaddr_in>.offset(of: \.sin_addr)!, as: UInt32.self))
        }
    }

    public static func icmpMessage(_ datagram: ArraySlice<UInt8>) -> Result<ArraySlice<UInt8>, ICMPEcho.Rejection> {
        let s = datagram.startIndex
        guard datagram.count >= 20 else { return .failure(.truncated) }
        let headerLength = Int(datagram[s] & 0x0F) * 4
        guard datagram[s] >> 4 == 4, headerLength >= 20, datagram.count >= headerLength + 8 else { return .failure(.truncated) }
        guard datagram[s + 9] == 1 else { return .failure(.notICMP) }
        return .success(datagram[(s + headerLength)...])
    }
}

extension IPv6: ProbeFamily {
    public typealias Host = UInt128
    public static let signal = SignalName.probing6
    public static let tag = "ipv6"
    public static let version = 6
    public static let socketDomain = AF_INET6
    public static let socketProtocol = Int32(IPPROTO_ICMPV6)
    public static let echoRequestType: UInt8 = 128
    public static let echoReplyType: UInt8 = 129
    public static let kernelChecksums = true

    public static func ipAddress(_ bits: UInt128) -> IPAddress { .v6(IPv6Address(bits)) }

    public static func withSocketAddress<R>(_ address: UInt128, _ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        var target = sockaddr_in6()
        target.sin6_family = sa_family_t(AF_INET6)
        withUnsafeMutableBytes(of: &target.sin6_addr) { raw in
            for i in 0..<16 { raw[i] = UInt8(truncatingIfNeeded: address >> UInt128(8 * (15 - i))) }
        }
        return withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
        }
    }

    public static func source(_ storage: sockaddr_storage) -> UInt128? {
        guard storage.ss_family == sa_family_t(AF_INET6) else { return nil }
        return withUnsafeBytes(of: storage) { raw in
            let offset = MemoryLayout<sockaddr_in6>.offset(of: \.sin6_addr)!
            var value: UInt128 = 0
            for i in 0..<16 { value = value << 8 | UInt128(raw[offset + i]) }
            return value
        }
    }

    public static func icmpMessage(_ datagram: ArraySlice<UInt8>) -> Result<ArraySlice<UInt8>, ICMPEcho.Rejection> {
        datagram.count >= 8 ? .success(datagram) : .failure(.truncated)
    }
}

import TocsinCore

/// A BMP message (RFC 7854 §4), decoded from its bytes; route-monitoring UPDATEs are kept as
/// bytes until the receiver knows the peer's AS-number size and ADD-PATH use.
public enum BMPMessage: Sendable {
    case initiation(information: [UInt16: String])
    case peerUp(BMPPeerHeader, PeerUp)
    case peerDown(BMPPeerHeader, reason: UInt8)
    case routeMonitoring(BMPPeerHeader, update: [UInt8])
    case statistics(BMPPeerHeader)
    case termination
    case routeMirroring(BMPPeerHeader)

    /// Peer Up (RFC 7854 §4.10): the two OPENs tell which capabilities the session uses.
    public struct PeerUp: Sendable {
        public var sentOpen: BGPOpen?
        public var receivedOpen: BGPOpen?
    }

    public static let version: UInt8 = 3
    public static let commonHeaderSize = 6
    /// Messages longer than this are taken as a broken stream.
    public static let maximumLength = 1 << 20
}

/// The per-peer header (RFC 7854 §4.2).
public struct BMPPeerHeader: Sendable, Hashable {
    public var peerType: UInt8
    public var flags: UInt8
    public var distinguisher: UInt64
    /// Left-aligned like every address here (an IPv4 peer is the top 32 bits).
    public var address: UInt128
    public var asn: UInt32
    public var identifier: UInt32
    public var seconds: UInt32
    public var microseconds: UInt32

    public var isIPv6: Bool { flags & 0x80 != 0 }
    public var isPostPolicy: Bool { flags & 0x40 != 0 }
    /// The legacy 2-byte AS_PATH format (the A flag).
    public var usesTwoByteAS: Bool { flags & 0x20 != 0 }

    init(decoding r: inout WireReader) {
        peerType = r.u8()
        flags = r.u8()
        distinguisher = UInt64(r.u32()) << 32 | UInt64(r.u32())
        let raw = r.leftAligned(16)
        address = flags & 0x80 != 0 ? raw : raw << 96  // IPv4 sits in the last four bytes
        asn = r.u32()
        identifier = r.u32()
        seconds = r.u32()
        microseconds = r.u32()
    }
}

/// A BMP stream that cannot be read on.
public struct BMPError: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { "BMP: \(reason)" }
}

extension BMPMessage {
    /// Checks a common header; returns the message's whole length and type.
    public static func checkHeader(_ bytes: UnsafeRawBufferPointer) -> Result<(length: Int, type: UInt8), BMPError> {
        var r = WireReader(bytes)
        let version = r.u8()
        guard version == Self.version else { return .failure(BMPError("unsupported version \(version)")) }
        let length = Int(r.u32())
        guard length >= commonHeaderSize, length <= maximumLength else { return .failure(BMPError("bad message length \(length)")) }
        return .success((length, r.u8()))
    }

    /// Decodes a whole message (common header included).
    public init(decoding bytes: UnsafeRawBufferPointer) throws(BMPError) {
        let type: UInt8
        switch Self.checkHeader(bytes) {
        case .success(let header): type = header.type
        case .failure(let error): throw error
        }
        var r = WireReader(bytes)
        r.skip(Self.commonHeaderSize)
        switch type {
        case 4:
            var info: [UInt16: String] = [:]
            while r.remaining >= 4 {
                let t = r.u16()
                let value = r.sub(Int(r.u16()))
                info[t] = String(decoding: value.rest(), as: UTF8.self)
            }
            self = .initiation(information: info)
        case 5: self = .termination
        case 0, 1, 2, 3, 6:
            guard r.remaining >= 42 else { throw BMPError("message type \(type) shorter than its per-peer header") }
            let peer = BMPPeerHeader(decoding: &r)
            switch type {
            case 0: self = .routeMonitoring(peer, update: r.rest())
            case 1: self = .statistics(peer)
            case 2: self = .peerDown(peer, reason: r.u8())
            case 3:
                r.skip(16 + 2 + 2)  // local address and ports
                self = .peerUp(peer, PeerUp(sentOpen: Self.open(&r), receivedOpen: Self.open(&r)))
            default: self = .routeMirroring(peer)
            }
        default:
            throw BMPError("unknown message type \(type)")
        }
    }

    private static func open(_ r: inout WireReader) -> BGPOpen? {
        guard r.remaining >= BGPMessageFrame.headerSize else { return nil }
        var header = r.sub(BGPMessageFrame.headerSize)
        header.skip(16)
        let length = Int(header.u16())
        guard header.u8() == BGPMessageFrame.MessageType.open.rawValue, length >= BGPMessageFrame.headerSize else { return nil }
        var body = r.sub(length - BGPMessageFrame.headerSize)
        return try? BGPOpen(decoding: &body)
    }
}

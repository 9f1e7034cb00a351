/// ICMP echo messages (RFC 792) as Tocsin sends and reads them: a pure codec, no I/O.
///
/// A request carries 16 bytes of payload: the run's nonce and the send time in nanoseconds.
/// A reply counts only if its identifier, nonce and checksum are right, so stray echo
/// replies, forged ones and Tocsin's own requests seen on loopback are told apart.
public enum ICMPEcho {
    public static let payloadSize = 16

    /// An echo request (type 8) ready for a raw IPv4 ICMP socket (no IP header).
    public static func request(identifier: UInt16, sequence: UInt16, nonce: UInt64, sentAt: UInt64) -> [UInt8] {
        var packet: [UInt8] = [8, 0, 0, 0, UInt8(identifier >> 8), UInt8(identifier & 0xFF), UInt8(sequence >> 8), UInt8(sequence & 0xFF)]
        for shift in stride(from: 56, through: 0, by: -8) { packet.append(UInt8(truncatingIfNeeded: nonce >> UInt64(shift))) }
        for shift in stride(from: 56, through: 0, by: -8) { packet.append(UInt8(truncatingIfNeeded: sentAt >> UInt64(shift))) }
        let sum = checksum(packet)
        packet[2] = UInt8(sum >> 8)
        packet[3] = UInt8(sum & 0xFF)
        return packet
    }

    /// The Internet checksum (RFC 1071) of `bytes`.
    public static func checksum(_ bytes: some Collection<UInt8>) -> UInt16 {
        var sum: UInt32 = 0
        var iterator = bytes.makeIterator()
        while let high = iterator.next() {
            let low = iterator.next() ?? 0
            sum &+= UInt32(high) << 8 | UInt32(low)
        }
        while sum >> 16 != 0 { sum = (sum & 0xFFFF) &+ (sum >> 16) }
        return ~UInt16(truncatingIfNeeded: sum)
    }

    /// A matched echo reply.
    public struct Reply: Sendable, Hashable {
        public var source: UInt32
        public var identifier: UInt16
        public var sequence: UInt16
        public var nonce: UInt64
        public var sentAt: UInt64

        public init(source: UInt32, identifier: UInt16, sequence: UInt16, nonce: UInt64, sentAt: UInt64) {
            self.source = source
            self.identifier = identifier
            self.sequence = sequence
            self.nonce = nonce
            self.sentAt = sentAt
        }
    }

    /// Why a received packet is not a reply to Tocsin.
    public enum Rejection: Error, Sendable, Hashable {
        case truncated, notICMP, notEchoReply(type: UInt8), badChecksum, foreignIdentifier, foreignNonce
    }

    /// Reads a packet from a raw IPv4 ICMP socket (IP header included) as a reply to the
    /// run with `identifier` and `nonce`.
    public static func reply(ipv4 packet: [UInt8], identifier: UInt16, nonce: UInt64) -> Result<Reply, Rejection> {
        let bytes = packet
        guard bytes.count >= 20 else { return .failure(.truncated) }
        let headerLength = Int(bytes[0] & 0x0F) * 4
        guard bytes[0] >> 4 == 4, headerLength >= 20, bytes.count >= headerLength + 8 else { return .failure(.truncated) }
        guard bytes[9] == 1 else { return .failure(.notICMP) }
        let source = UInt32(bytes[12]) << 24 | UInt32(bytes[13]) << 16 | UInt32(bytes[14]) << 8 | UInt32(bytes[15])
        let icmp = bytes[headerLength...]
        let i = icmp.startIndex
        guard bytes[i] == 0 else { return .failure(.notEchoReply(type: bytes[i])) }
        guard icmp.count >= 8 + payloadSize else { return .failure(.truncated) }
        guard checksum(icmp) == 0 else { return .failure(.badChecksum) }
        let id = UInt16(bytes[i + 4]) << 8 | UInt16(bytes[i + 5])
        guard id == identifier else { return .failure(.foreignIdentifier) }
        var replyNonce: UInt64 = 0, sentAt: UInt64 = 0
        for k in 0..<8 { replyNonce = replyNonce << 8 | UInt64(bytes[i + 8 + k]) }
        for k in 0..<8 { sentAt = sentAt << 8 | UInt64(bytes[i + 16 + k]) }
        guard replyNonce == nonce else { return .failure(.foreignNonce) }
        return .success(Reply(source: source, identifier: id, sequence: UInt16(bytes[i + 6]) << 8 | UInt16(bytes[i + 7]), nonce: replyNonce, sentAt: sentAt))
    }
}

import TocsinGeo

/// ICMP echo messages (RFC 792, RFC 4443) as Tocsin sends and reads them: a pure codec, no I/O.
///
/// A request carries 16 bytes of payload: the run's nonce and the send time in nanoseconds.
/// A reply counts only if its type, identifier, nonce and checksum are right, so stray echo
/// replies, forged ones and Tocsin's own requests seen on loopback are told apart.
public enum ICMPEcho {
    public static let payloadSize = 16

    /// An echo request ready for a raw socket (no IP header): type 8 for IPv4, 128 for
    /// ICMPv6. The checksum is left to the kernel where it fills it in (ICMPv6).
    public static func request(type: UInt8 = 8, identifier: UInt16, sequence: UInt16, nonce: UInt64, sentAt: UInt64, checksummed: Bool = true) -> [UInt8] {
        var packet: [UInt8] = [type, 0, 0, 0, UInt8(identifier >> 8), UInt8(identifier & 0xFF), UInt8(sequence >> 8), UInt8(sequence & 0xFF)]
        for shift in stride(from: 56, through: 0, by: -8) { packet.append(UInt8(truncatingIfNeeded: nonce >> UInt64(shift))) }
        for shift in stride(from: 56, through: 0, by: -8) { packet.append(UInt8(truncatingIfNeeded: sentAt >> UInt64(shift))) }
        if checksummed {
            let sum = checksum(packet)
            packet[2] = UInt8(sum >> 8)
            packet[3] = UInt8(sum & 0xFF)
        }
        return packet
    }

    /// The request for `Family`'s ICMP.
    public static func request<Family: ProbeFamily>(_: Family.Type, identifier: UInt16, sequence: UInt16, nonce: UInt64, sentAt: UInt64) -> [UInt8] {
        request(type: Family.echoRequestType, identifier: identifier, sequence: sequence, nonce: nonce, sentAt: sentAt, checksummed: !Family.kernelChecksums)
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

    /// A matched echo reply from `source`.
    public struct Reply<Address: Sendable & Hashable>: Sendable, Hashable {
        public var source: Address
        public var identifier: UInt16
        public var sequence: UInt16
        public var nonce: UInt64
        public var sentAt: UInt64

        public init(source: Address, identifier: UInt16, sequence: UInt16, nonce: UInt64, sentAt: UInt64) {
            self.source = source
            self.identifier = identifier
            self.sequence = sequence
            self.nonce = nonce
            self.sentAt = sentAt
        }
    }

    /// Why a received packet is not a reply to Tocsin.
    public enum Rejection: Error, Sendable, Hashable {
        case truncated, notICMP, notEchoReply(type: UInt8), badChecksum, foreignIdentifier, foreignNonce, noSource
    }

    /// Reads an ICMP message (no IP header) from `source` as a reply of `type` to the run
    /// with `identifier` and `nonce`; `verifyChecksum` where the kernel has not.
    public static func reply<Address>(message icmp: ArraySlice<UInt8>, from source: Address, type: UInt8, verifyChecksum: Bool,
                                      identifier: UInt16, nonce: UInt64) -> Result<Reply<Address>, Rejection> {
        let i = icmp.startIndex
        guard icmp.count >= 8 else { return .failure(.truncated) }
        guard icmp[i] == type else { return .failure(.notEchoReply(type: icmp[i])) }
        guard icmp.count >= 8 + payloadSize else { return .failure(.truncated) }
        guard !verifyChecksum || checksum(icmp) == 0 else { return .failure(.badChecksum) }
        let id = UInt16(icmp[i + 4]) << 8 | UInt16(icmp[i + 5])
        guard id == identifier else { return .failure(.foreignIdentifier) }
        var replyNonce: UInt64 = 0, sentAt: UInt64 = 0
        for k in 0..<8 { replyNonce = replyNonce << 8 | UInt64(icmp[i + 8 + k]) }
        for k in 0..<8 { sentAt = sentAt << 8 | UInt64(icmp[i + 16 + k]) }
        guard replyNonce == nonce else { return .failure(.foreignNonce) }
        return .success(Reply(source: source, identifier: id, sequence: UInt16(icmp[i + 6]) << 8 | UInt16(icmp[i + 7]), nonce: replyNonce, sentAt: sentAt))
    }

    /// Reads a datagram from a raw IPv4 ICMP socket (IP header included; the source is
    /// taken from it) as a reply to the run with `identifier` and `nonce`.
    public static func reply(ipv4 packet: [UInt8], identifier: UInt16, nonce: UInt64) -> Result<Reply<UInt32>, Rejection> {
        IPv4.icmpMessage(packet[...]).flatMap { icmp in
            let source = UInt32(packet[12]) << 24 | UInt32(packet[13]) << 16 | UInt32(packet[14]) << 8 | UInt32(packet[15])
            return reply(message: icmp, from: source, type: IPv4.echoReplyType, verifyChecksum: true, identifier: identifier, nonce: nonce)
        }
    }
}

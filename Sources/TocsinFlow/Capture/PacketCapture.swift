import TocsinCore
import TocsinGeo

/// UDP datagrams out of a packet capture (pcap, either byte order, micro- or nanosecond;
/// or pcapng), for replaying exports through the decoders. Link types: Ethernet (with VLAN
/// tags), Linux cooked v1/v2, raw IP, BSD loopback. Non-UDP packets and IP fragments past
/// the first are skipped and counted; a damaged capture ends the walk with an error that
/// says where.
public enum PacketCapture {
    /// One UDP datagram and where it came from.
    public struct Datagram: Sendable {
        public var packet: Int
        /// Capture time, Unix seconds.
        public var time: Int64
        public var source: IPAddress
        public var sourcePort: UInt16
        public var destinationPort: UInt16
        public var payload: ArraySlice<UInt8>
    }

    public struct CaptureError: Error, Sendable, CustomStringConvertible {
        public var offset: Int
        public var reason: String
        public var description: String { "capture damaged at byte \(offset): \(reason)" }
    }

    /// Whether `bytes` start like a pcap or pcapng file.
    public static func isCapture(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4 else { return false }
        let magic = UInt32(bytes[0]) << 24 | UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3])
        return [0xA1B2_C3D4, 0xD4C3_B2A1, 0xA1B2_3C4D, 0x4D3C_B2A1, 0x0A0D_0D0A].contains(magic)
    }

    /// Calls `body` for each UDP datagram; returns how many packets were skipped (not UDP,
    /// later fragments, unknown link types).
    @discardableResult
    public static func datagrams(_ bytes: [UInt8], _ body: (Datagram) -> Void) throws(CaptureError) -> Int {
        guard bytes.count >= 4 else { throw CaptureError(offset: 0, reason: "too short for a capture header") }
        if bytes[0] == 0x0A && bytes[1] == 0x0D && bytes[2] == 0x0D && bytes[3] == 0x0A { return try pcapng(bytes, body) }
        return try pcap(bytes, body)
    }

    private static func read32(_ b: [UInt8], _ at: Int, little: Bool) -> UInt32 {
        little ? UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
            : UInt32(b[at]) << 24 | UInt32(b[at + 1]) << 16 | UInt32(b[at + 2]) << 8 | UInt32(b[at + 3])
    }

    private static func read16(_ b: [UInt8], _ at: Int, little: Bool) -> UInt16 {
        little ? UInt16(b[at]) | UInt16(b[at + 1]) << 8 : UInt16(b[at]) << 8 | UInt16(b[at + 1])
    }

    private static func pcap(_ b: [UInt8], _ body: (Datagram) -> Void) throws(CaptureError) -> Int {
        guard b.count >= 24 else { throw CaptureError(offset: 0, reason: "pcap header needs 24 bytes") }
        let magic = read32(b, 0, little: false)
        let little = magic == 0xD4C3_B2A1 || magic == 0x4D3C_B2A1
        guard little || magic == 0xA1B2_C3D4 || magic == 0xA1B2_3C4D else { throw CaptureError(offset: 0, reason: "not a pcap file") }
        let link = read32(b, 20, little: little) & 0xFFFF
        var at = 24, packet = 0, skipped = 0
        while at < b.count {
            guard at + 16 <= b.count else { throw CaptureError(offset: at, reason: "record header cut short") }
            let seconds = Int64(read32(b, at, little: little))
            let captured = Int(read32(b, at + 8, little: little))
            guard captured <= 262_144, at + 16 + captured <= b.count else { throw CaptureError(offset: at, reason: "record of \(captured) bytes runs past the file") }
            packet += 1
            if !frame(b[(at + 16)..<(at + 16 + captured)], link: link, packet: packet, time: seconds, body) { skipped += 1 }
            at += 16 + captured
        }
        return skipped
    }

    private static func pcapng(_ b: [UInt8], _ body: (Datagram) -> Void) throws(CaptureError) -> Int {
        var at = 0, packet = 0, skipped = 0
        var little = true
        var links: [UInt32] = []
        var ticksPerSecond: [UInt64] = []
        while at < b.count {
            guard at + 12 <= b.count else { throw CaptureError(offset: at, reason: "block header cut short") }
            if read32(b, at, little: false) == 0x0A0D_0D0A {
                little = read32(b, at + 8, little: false) == 0x4D3C_2B1A
                links = []
                ticksPerSecond = []
            }
            let type = read32(b, at, little: little)
            let length = Int(read32(b, at + 4, little: little))
            guard length >= 12, length % 4 == 0, at + length <= b.count else { throw CaptureError(offset: at, reason: "block of \(length) bytes") }
            switch type {
            case 1 where length >= 20:  // interface description
                links.append(UInt32(read16(b, at + 8, little: little)))
                ticksPerSecond.append(resolution(b, options: (at + 16)..<(at + length - 4), little: little))
            case 6 where length >= 32:  // enhanced packet
                let interface = Int(read32(b, at + 8, little: little))
                let stamp = UInt64(read32(b, at + 12, little: little)) << 32 | UInt64(read32(b, at + 16, little: little))
                let captured = Int(read32(b, at + 20, little: little))
                guard interface < links.count, 28 + captured <= length else { throw CaptureError(offset: at, reason: "packet block") }
                packet += 1
                if !frame(b[(at + 28)..<(at + 28 + captured)], link: links[interface], packet: packet, time: Int64(stamp / ticksPerSecond[interface]), body) { skipped += 1 }
            default:
                break
            }
            at += length
        }
        return skipped
    }

    /// Timestamp ticks per second of an interface (option 9, `if_tsresol`; microseconds
    /// when absent): 10^n, or 2^n when the high bit is set.
    private static func resolution(_ b: [UInt8], options: Range<Int>, little: Bool) -> UInt64 {
        var at = options.lowerBound
        while at + 4 <= options.upperBound {
            let code = read16(b, at, little: little), length = Int(read16(b, at + 2, little: little))
            if code == 0 { break }
            if code == 9, length >= 1, at + 4 < options.upperBound {
                let v = b[at + 4]
                let exponent = UInt64(v & 0x7F)
                if v & 0x80 != 0 { return exponent < 63 ? 1 << exponent : 1_000_000 }
                guard exponent <= 18 else { return 1_000_000 }
                var n: UInt64 = 1
                for _ in 0..<exponent { n *= 10 }
                return n
            }
            at += 4 + (length + 3) / 4 * 4
        }
        return 1_000_000
    }

    /// Hands a UDP datagram in `frame` to `body`; false when the frame holds none.
    private static func frame(_ frame: ArraySlice<UInt8>, link: UInt32, packet: Int, time: Int64, _ body: (Datagram) -> Void) -> Bool {
        frame.withUnsafeBytes { raw in
            var r = WireReader(raw)
            var etherType: UInt16
            switch link {
            case 1:
                r.skip(12)
                etherType = r.u16()
                while etherType == 0x8100 || etherType == 0x88A8 { r.skip(2); etherType = r.u16() }
            case 113:
                r.skip(14)
                etherType = r.u16()
            case 276:
                etherType = r.u16()
                r.skip(18)
            case 0:
                let family = r.u32()
                etherType = family == 2 || family == 0x0200_0000 ? 0x0800 : 0x86DD
            case 101, 12, 14, 228, 229:
                etherType = r.peekU8() >> 4 == 6 ? 0x86DD : 0x0800
            default:
                return false
            }
            guard !r.overran else { return false }
            let source: IPAddress
            var udp: WireReader
            switch etherType {
            case 0x0800:
                let start = r.position
                let vihl = r.u8()
                r.skip(1)
                let total = Int(r.u16())
                r.skip(2)
                let fragment = r.u16()
                r.skip(1)
                let proto = r.u8()
                r.skip(2)
                source = .v4(IPv4Address(r.u32()))
                r.skip(4)
                // Fragments are skipped, the first too: its datagram is incomplete.
                guard vihl >> 4 == 4, vihl & 0x0F >= 5, proto == 17, fragment & 0x3FFF == 0, total >= Int(vihl & 0x0F) * 4 else { return false }
                r.skip(Int(vihl & 0x0F) * 4 - (r.position - start))
                udp = r.sub(total - Int(vihl & 0x0F) * 4)
            case 0x86DD:
                r.skip(4)
                let payloadLength = Int(r.u16())
                let next = r.u8()
                r.skip(1)
                source = .v6(IPv6Address(r.leftAligned(16)))
                r.skip(16)
                guard next == 17 else { return false }
                udp = r.sub(payloadLength)
            default:
                return false
            }
            let sourcePort = udp.u16(), destinationPort = udp.u16()
            let length = Int(udp.u16())
            udp.skip(2)
            guard !udp.overran, length >= 8 else { return false }
            let payloadStart = udp.position
            let payloadEnd = min(payloadStart + length - 8, udp.end)
            let base = frame.startIndex
            body(Datagram(packet: packet, time: time, source: source, sourcePort: sourcePort, destinationPort: destinationPort,
                          payload: frame[(base + payloadStart)..<(base + payloadEnd)]))
            return true
        }
    }
}

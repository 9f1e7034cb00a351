import TocsinCore
import TocsinGeo

/// sFlow version 5 (sflow.org): flow samples (compact and expanded) whose raw packet header
/// gives addresses, ports and protocol; each sample stands for `sampling rate` packets of its
/// frame's length. Counter samples and records Tocsin does not use are skipped by their
/// length. Stateless.
public enum SFlowDecoder {
    /// Decodes one datagram into `records` (one per flow sample with a readable header).
    public static func decode(_ bytes: UnsafeRawBufferPointer, exporter: IPAddress?, into records: inout [FlowRecord],
                              issue: (FlowDecodeIssue) -> Void) -> FlowDatagramInfo? {
        var r = WireReader(bytes)
        guard r.u32() == 5 else {
            issue(FlowDecodeIssue(.unknownVersion, exporter: exporter, offset: 0, "not sFlow version 5"))
            return nil
        }
        let agentType = r.u32()
        let agent: IPAddress? = switch agentType {
        case 1: .v4(IPv4Address(r.u32()))
        case 2: .v6(IPv6Address(r.leftAligned(16)))
        default: nil
        }
        guard agent != nil else {
            issue(FlowDecodeIssue(.badSample, exporter: exporter, offset: 4, "agent address type \(agentType)"))
            return nil
        }
        let subAgent = r.u32(), sequence = r.u32()
        _ = r.u32()  // uptime
        let count = r.u32()
        guard !r.overran else {
            issue(FlowDecodeIssue(.truncated, exporter: exporter, offset: 0, "sFlow header cut short"))
            return nil
        }
        var n: UInt32 = 0
        while n < count, r.remaining >= 8 {
            n += 1
            let offset = r.position
            let format = r.u32(), length = Int(r.u32())
            guard length <= r.remaining else {
                issue(FlowDecodeIssue(.badLength, exporter: exporter, offset: offset, "sample of \(length) bytes runs past the datagram"))
                break
            }
            var sample = r.sub(length)
            switch format {
            case 1, 3: flowSample(&sample, expanded: format == 3, exporter: exporter, offset: offset, into: &records, issue: issue)
            default: break  // counter samples (2, 4) and enterprise formats
            }
        }
        if n < count {
            issue(FlowDecodeIssue(.truncated, exporter: exporter, offset: r.position, "\(count) samples announced, \(n) present"))
        }
        return FlowDatagramInfo(version: .sflow5, domain: subAgent, exportTime: 0, sequence: sequence)
    }

    private static func flowSample(_ s: inout WireReader, expanded: Bool, exporter: IPAddress?, offset: Int, into records: inout [FlowRecord],
                                   issue: (FlowDecodeIssue) -> Void) {
        _ = s.u32()  // sequence
        s.skip(expanded ? 8 : 4)  // source id
        let rate = s.u32()
        s.skip(8)  // sample pool, drops
        let input: UInt32, output: UInt32
        if expanded {
            s.skip(4); input = s.u32()
            s.skip(4); output = s.u32()
        } else {
            input = s.u32() & 0x3FFF_FFFF
            output = s.u32() & 0x3FFF_FFFF
        }
        let recordCount = s.u32()
        var k: UInt32 = 0
        while k < recordCount, s.remaining >= 8 {
            k += 1
            let format = s.u32(), length = Int(s.u32())
            guard length <= s.remaining else {
                issue(FlowDecodeIssue(.badLength, exporter: exporter, offset: offset, "flow record of \(length) bytes runs past its sample"))
                return
            }
            var record = s.sub(length)
            guard format == 1 else { continue }  // raw packet header; the rest is skipped
            let headerProtocol = record.u32(), frameLength = record.u32()
            _ = record.u32()  // stripped
            let headerLength = Int(record.u32())
            var header = record.sub(headerLength)
            guard !record.overran, var f = PacketHeader.flow(&header, protocol: headerProtocol) else {
                issue(FlowDecodeIssue(.badSample, exporter: exporter, offset: offset, "raw packet header (protocol \(headerProtocol), \(headerLength) bytes) unreadable"))
                continue
            }
            f.samplingRate = max(rate, 1)
            f.packets = 1
            f.bytes = UInt64(frameLength)
            f.inputInterface = input
            f.outputInterface = output
            records.append(f)
        }
    }
}

/// Addresses, protocol and ports from the first bytes of a sampled packet.
enum PacketHeader {
    /// `protocol` is sFlow's header protocol: 1 Ethernet, 11 IPv4, 12 IPv6.
    static func flow(_ r: inout WireReader, protocol headerProtocol: UInt32) -> FlowRecord? {
        switch headerProtocol {
        case 1:
            r.skip(12)
            var etherType = r.u16()
            while etherType == 0x8100 || etherType == 0x88A8 { r.skip(2); etherType = r.u16() }
            guard !r.overran else { return nil }
            switch etherType {
            case 0x0800: return ipv4(&r)
            case 0x86DD: return ipv6(&r)
            default: return nil
            }
        case 11: return ipv4(&r)
        case 12: return ipv6(&r)
        default: return nil
        }
    }

    static func ipv4(_ r: inout WireReader) -> FlowRecord? {
        guard r.remaining >= 20 else { return nil }
        let start = r.position
        let versionIHL = r.u8()
        guard versionIHL >> 4 == 4, versionIHL & 0x0F >= 5 else { return nil }
        var f = FlowRecord()
        f.tos = r.u8()
        r.skip(4)
        let fragment = r.u16() & 0x1FFF
        r.skip(1)
        f.proto = r.u8()
        r.skip(2)
        f.source = .v4(IPv4Address(r.u32()))
        f.destination = .v4(IPv4Address(r.u32()))
        r.skip(Int(versionIHL & 0x0F) * 4 - (r.position - start))
        if fragment == 0 { ports(&r, into: &f) }
        return f
    }

    static func ipv6(_ r: inout WireReader) -> FlowRecord? {
        guard r.remaining >= 40 else { return nil }
        let first = r.u32()
        guard first >> 28 == 6 else { return nil }
        var f = FlowRecord()
        f.tos = UInt8(truncatingIfNeeded: first >> 20)
        r.skip(2)
        f.proto = r.u8()
        r.skip(1)
        f.source = .v6(IPv6Address(r.leftAligned(16)))
        f.destination = .v6(IPv6Address(r.leftAligned(16)))
        ports(&r, into: &f)
        return f
    }

    /// TCP, UDP and SCTP ports, when the header reaches them.
    static func ports(_ r: inout WireReader, into f: inout FlowRecord) {
        guard [6, 17, 132].contains(f.proto), r.remaining >= 4 else { return }
        f.sourcePort = r.u16()
        f.destinationPort = r.u16()
    }
}

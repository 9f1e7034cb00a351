import TocsinCore
import TocsinGeo

/// NetFlow v5 (Cisco): a 24-byte header and up to 30 fixed 48-byte records. Stateless.
public enum NetFlowV5Decoder {
    public static let headerLength = 24
    public static let recordLength = 48

    /// The length of a datagram of `count` records (files of concatenated datagrams are
    /// walked by it).
    public static func length(records count: Int) -> Int { headerLength + recordLength * count }

    /// Decodes one datagram into `records`; a count that disagrees with the length is refused
    /// whole (as nfdump does: no half-trusted records).
    public static func decode(_ bytes: UnsafeRawBufferPointer, exporter: IPAddress?, into records: inout [FlowRecord]) -> Result<FlowDatagramInfo, FlowDecodeIssue> {
        var r = WireReader(bytes)
        guard bytes.count >= headerLength else { return .failure(FlowDecodeIssue(.truncated, exporter: exporter, offset: 0, "NetFlow v5 header needs 24 bytes, have \(bytes.count)")) }
        _ = r.u16()
        let count = Int(r.u16())
        let uptime = Int64(r.u32())
        let seconds = Int64(r.u32())
        let nanoseconds = Int64(r.u32())
        let sequence = r.u32()
        _ = r.u16()  // engine type and id
        let sampling = r.u16()
        guard count <= 30, bytes.count >= length(records: count) else {
            return .failure(FlowDecodeIssue(.badLength, exporter: exporter, offset: 2, "NetFlow v5 count \(count) does not fit \(bytes.count) bytes"))
        }
        let rate = UInt32(max(1, sampling & 0x3FFF))
        let exportMillis = seconds * 1000 + nanoseconds / 1_000_000
        records.reserveCapacity(records.count + count)
        for _ in 0..<count {
            var f = FlowRecord()
            f.source = .v4(IPv4Address(r.u32()))
            f.destination = .v4(IPv4Address(r.u32()))
            _ = r.u32()  // next hop
            f.inputInterface = UInt32(r.u16())
            f.outputInterface = UInt32(r.u16())
            f.packets = UInt64(r.u32())
            f.bytes = UInt64(r.u32())
            let first = Int64(r.u32()), last = Int64(r.u32())
            f.start = exportMillis - (uptime - first)
            f.end = exportMillis - (uptime - last)
            f.sourcePort = r.u16()
            f.destinationPort = r.u16()
            r.skip(2)  // pad, TCP flags
            f.proto = r.u8()
            f.tos = r.u8()
            r.skip(8)  // AS numbers, masks, pad
            f.samplingRate = rate
            records.append(f)
        }
        return .success(FlowDatagramInfo(version: .netflow5, domain: 0, exportTime: seconds, sequence: sequence))
    }
}

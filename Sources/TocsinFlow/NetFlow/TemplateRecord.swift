import TocsinCore
import TocsinGeo

/// The fields of one NetFlow v9 or IPFIX data record that Tocsin uses, read by a template.
/// A field that appears twice keeps its last value (Huawei's tunnel templates repeat the
/// ports and protocol, inner after outer; pmacct reports the last too).
struct TemplateRecord {
    var octets: UInt64?, octetsTotal: UInt64?, initiatorOctets: UInt64?, responderOctets: UInt64?
    var packets: UInt64?, packetsTotal: UInt64?, initiatorPackets: UInt64?, responderPackets: UInt64?
    var proto: UInt8 = 0, tos: UInt8 = 0, sourcePort: UInt16 = 0, destinationPort: UInt16 = 0
    var source: IPAddress?, destination: IPAddress?
    var input: UInt32 = 0, output: UInt32 = 0
    var lastSwitched: Int64?, firstSwitched: Int64?
    var start: Int64?, end: Int64?
    var systemInit: Int64?
    var samplingInterval: UInt64?, samplerID: UInt64?, samplerRandomInterval: UInt64?, selectorID: UInt64?
    var packetInterval: UInt64?, packetSpace: UInt64?, samplingSize: UInt64?, samplingPopulation: UInt64?

    /// Reads one record; nil when a variable-length field runs past the set.
    static func read(_ template: FlowTemplate, from r: inout WireReader) -> TemplateRecord? {
        var rec = TemplateRecord()
        for (i, field) in template.fields.enumerated() {
            var length = Int(field.length)
            if field.length == TemplateField.variableLength {
                length = Int(r.u8())
                if length == 255 { length = Int(r.u16()) }
            }
            guard length <= r.remaining else { return nil }
            let role = template.roles[i]
            if role == .skip { r.skip(length); continue }
            var f = r.sub(length)
            switch role {
            case .skip: break
            case .octets: rec.octets = f.unsigned(length)
            case .octetsTotal: rec.octetsTotal = f.unsigned(length)
            case .initiatorOctets: rec.initiatorOctets = f.unsigned(length)
            case .responderOctets: rec.responderOctets = f.unsigned(length)
            case .packets: rec.packets = f.unsigned(length)
            case .packetsTotal: rec.packetsTotal = f.unsigned(length)
            case .initiatorPackets: rec.initiatorPackets = f.unsigned(length)
            case .responderPackets: rec.responderPackets = f.unsigned(length)
            case .proto: rec.proto = UInt8(truncatingIfNeeded: f.unsigned(length))
            case .tos: rec.tos = UInt8(truncatingIfNeeded: f.unsigned(length))
            case .sourcePort: rec.sourcePort = UInt16(truncatingIfNeeded: f.unsigned(length))
            case .destinationPort: rec.destinationPort = UInt16(truncatingIfNeeded: f.unsigned(length))
            case .source4: if length == 4 { rec.source = .v4(IPv4Address(f.u32())) }
            case .destination4: if length == 4 { rec.destination = .v4(IPv4Address(f.u32())) }
            case .source6: if length == 16 { rec.source = .v6(IPv6Address(f.leftAligned(16))) }
            case .destination6: if length == 16 { rec.destination = .v6(IPv6Address(f.leftAligned(16))) }
            case .input: rec.input = UInt32(truncatingIfNeeded: f.unsigned(length))
            case .output: rec.output = UInt32(truncatingIfNeeded: f.unsigned(length))
            case .lastSwitched: rec.lastSwitched = Int64(truncatingIfNeeded: f.unsigned(length))
            case .firstSwitched: rec.firstSwitched = Int64(truncatingIfNeeded: f.unsigned(length))
            case .startSeconds: rec.start = Int64(truncatingIfNeeded: f.unsigned(length)) &* 1000
            case .endSeconds: rec.end = Int64(truncatingIfNeeded: f.unsigned(length)) &* 1000
            case .startMillis: rec.start = Int64(truncatingIfNeeded: f.unsigned(length))
            case .endMillis: rec.end = Int64(truncatingIfNeeded: f.unsigned(length))
            case .startMicros, .startNanos: if length == 8 { rec.start = ntpMillis(f.u64()) }
            case .endMicros, .endNanos: if length == 8 { rec.end = ntpMillis(f.u64()) }
            case .systemInit: rec.systemInit = Int64(truncatingIfNeeded: f.unsigned(length))
            case .samplingInterval: rec.samplingInterval = f.unsigned(length)
            case .samplerID: rec.samplerID = f.unsigned(length)
            case .samplerRandomInterval: rec.samplerRandomInterval = f.unsigned(length)
            case .selectorID: rec.selectorID = f.unsigned(length)
            case .packetInterval: rec.packetInterval = f.unsigned(length)
            case .packetSpace: rec.packetSpace = f.unsigned(length)
            case .samplingSize: rec.samplingSize = f.unsigned(length)
            case .samplingPopulation: rec.samplingPopulation = f.unsigned(length)
            }
        }
        // A variable-length prefix that ran off the end read as zeros: not a record.
        return r.overran ? nil : rec
    }

    /// NTP time (seconds since 1900 and a binary fraction) as Unix milliseconds.
    static func ntpMillis(_ ntp: UInt64) -> Int64 {
        (Int64(ntp >> 32) &- 2_208_988_800) &* 1000 &+ Int64(((ntp & 0xFFFF_FFFF) &* 1000) >> 32)
    }

    /// The sampling rate an options record announces, if any: a random or systematic
    /// interval, or population over sample size (random n-out-of-N, pmacct's reading).
    var announcedRate: UInt32? {
        if let size = samplingSize, let population = samplingPopulation, size > 0, population >= size { return Self.clamp(population / size) }
        if let interval = packetInterval, let space = packetSpace, interval > 0 { return Self.clamp(min(space / interval, UInt64(UInt32.max) - 1) + 1) }
        if let n = samplerRandomInterval { return Self.clamp(n) }
        if let n = samplingInterval { return Self.clamp(n) }
        return nil
    }

    static func clamp(_ n: UInt64) -> UInt32 { UInt32(min(max(n, 1), UInt64(UInt32.max))) }
}

import Testing
import TocsinFlow
import TocsinGeo

/// Datagrams built by hand: the rules the real captures do not all exercise, and bad input.
@Suite("Flow decoder rules and bad input")
struct FlowDecoderTests {
    static let exporter = IPAddress.v4(IPv4Address(0xC000_0201))

    static func be16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    static func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }

    /// An IPFIX message around `sets`.
    static func ipfix(_ sets: [UInt8]..., domain: Int = 7) -> [UInt8] {
        let body = sets.flatMap { $0 }
        return be16(10) + be16(16 + body.count) + be32(1_700_000_000) + be32(1) + be32(domain) + body
    }

    static func set(_ id: Int, _ content: [UInt8]) -> [UInt8] { be16(id) + be16(4 + content.count) + content }

    /// Template 300: src4, dst4, octets (8), packets (4), a variable-length string, protocol.
    static let template = set(2, be16(300) + be16(6) + be16(8) + be16(4) + be16(12) + be16(4) + be16(1) + be16(8) + be16(2) + be16(4)
                                  + be16(82) + be16(65535) + be16(4) + be16(1))

    static func record(_ src: Int, bytes: Int, name: [UInt8] = [0x61]) -> [UInt8] {
        // Variable length: one byte, or 255 and two bytes past 254 (RFC 7011 §7).
        let length: [UInt8] = name.count < 255 ? [UInt8(name.count)] : [255] + be16(name.count)
        return be32(src) + be32(0x0A00_0001) + [0, 0, 0, 0] + be32(bytes) + be32(2) + length + name + [6]
    }

    func decode(_ d: FlowDecoder, _ bytes: [UInt8], now: Int64 = 1_700_000_000, from: IPAddress = exporter) -> (records: [FlowRecord], issues: [FlowDecodeIssue]) {
        var records: [FlowRecord] = [], issues: [FlowDecodeIssue] = []
        d.decode(bytes, exporter: from, now: now, into: &records) { issues.append($0) }
        return (records, issues)
    }

    @Test("templates, variable-length fields, padding, and data that came before its template")
    func templatesAndPending() {
        let d = FlowDecoder()
        let data = Self.set(300, Self.record(0x0102_0304, bytes: 1000) + Self.record(0x0102_0305, bytes: 2000, name: Array(repeating: 0x62, count: 300)) + [0, 0, 0])
        // Data first: kept, reported as waiting.
        var (records, issues) = decode(d, Self.ipfix(data))
        #expect(records.isEmpty && issues.map(\.kind) == [.unknownTemplate])
        // The template arrives (another message): the waiting set is decoded then.
        (records, issues) = decode(d, Self.ipfix(Self.template), now: 1_700_000_010)
        #expect(issues.isEmpty)
        #expect(records.map(\.bytes) == [1000, 2000] && records.allSatisfy { $0.packets == 2 && $0.proto == 6 })
        #expect(records.first?.source?.description == "1.2.3.4")
        // Varlen with the 3-byte form (255, then the length) when the value is long.
        let long = Self.set(300, Self.be32(1) + Self.be32(2) + Self.be32(0) + Self.be32(5) + Self.be32(1) + [255] + Self.be16(400) + Array(repeating: 0, count: 400) + [17])
        (records, issues) = decode(d, Self.ipfix(long))
        #expect(records.map(\.bytes) == [5] && records.first?.proto == 17 && issues.isEmpty)
        #expect(d.counters.records == 3 && d.counters.issues == [.unknownTemplate: 1])
    }

    @Test("templates are kept per exporter and domain, withdrawn and expired")
    func templateScope() {
        let d = FlowDecoder()
        _ = decode(d, Self.ipfix(Self.template))
        let data = Self.set(300, Self.record(1, bytes: 10))
        #expect(decode(d, Self.ipfix(data)).records.count == 1)
        #expect(decode(d, Self.ipfix(data, domain: 8)).issues.map(\.kind) == [.unknownTemplate], "another observation domain")
        #expect(decode(d, Self.ipfix(data), from: .v4(IPv4Address(9))).issues.map(\.kind) == [.unknownTemplate], "another exporter")
        // Withdrawal: template 300 with no fields.
        _ = decode(d, Self.ipfix(Self.set(2, Self.be16(300) + Self.be16(0))))
        #expect(decode(d, Self.ipfix(data)).records.isEmpty)
        _ = decode(d, Self.ipfix(Self.template))
        #expect(decode(d, Self.ipfix(data), now: 1_700_000_000 + 1801).records.isEmpty, "a template not re-sent for 30 minutes expires")
    }

    @Test("bad input is counted and dropped, and what follows it still decodes", arguments: [
        ("truncated header", [0, 10, 0, 40, 0, 0], FlowDecodeIssue.Kind.truncated),
        ("IPFIX length past the datagram", be16(10) + be16(400) + Array(repeating: 0, count: 12), .badLength),
        ("set length past the message", ipfix(be16(300) + be16(900) + [1, 2, 3, 4]), .badLength),
        ("reserved set id", ipfix(set(7, [0, 0, 0, 0])), .badSetID),
        ("absurd field count", ipfix(set(2, be16(301) + be16(60_000) + [0, 1, 0, 4])), .badTemplate),
        ("template past its set", ipfix(set(2, be16(301) + be16(20) + [0, 1, 0, 4])), .badTemplate),
        ("unknown version", [0, 42, 0, 0, 0, 0, 0, 0], .unknownVersion),
        ("NetFlow v5 count past the length", be16(5) + be16(30) + Array(repeating: 0, count: 20 + 48), .badLength),
        ("sFlow cut short", be32(5) + be32(1) + be32(0x0A00_0001), .truncated),
    ] as [(String, [UInt8], FlowDecodeIssue.Kind)])
    func badInput(_ name: String, _ bytes: [UInt8], _ kind: FlowDecodeIssue.Kind) {
        let d = FlowDecoder()
        let (records, issues) = decode(d, bytes)
        #expect(records.isEmpty && issues.map(\.kind).contains(kind), "\(name): \(issues)")
        #expect(issues.allSatisfy { $0.exporter == Self.exporter }, "issues say where they came from")
        // The stream goes on: a good message afterwards decodes.
        _ = decode(d, Self.ipfix(Self.template))
        #expect(decode(d, Self.ipfix(Self.set(300, Self.record(1, bytes: 10)))).records.count == 1, "\(name)")
    }

    @Test("a bad set in the middle loses only itself")
    func badSetInTheMiddle() {
        let d = FlowDecoder()
        let message = Self.ipfix(Self.template, Self.set(9, [1, 2, 3, 4]), Self.set(300, Self.record(1, bytes: 10)))
        let (records, issues) = decode(d, message)
        #expect(records.count == 1 && issues.map(\.kind) == [.badSetID])
    }

    @Test("a flood of exporters, templates and orphan sets stays within the limits")
    func limits() {
        var limits = TemplateFlowDecoder.Limits()
        limits.sources = 100
        limits.templatesPerSource = 20
        limits.pendingSets = 5
        let d = FlowDecoder(limits: limits)
        for k in 0..<1_000 { _ = decode(d, Self.ipfix(Self.template), from: .v4(IPv4Address(UInt32(0x0B00_0000 + k)))) }
        // Full: once a second the least recently seen source makes room, the rest are refused.
        #expect(d.templates.sourceCount == 100 && d.counters.issues[.overLimit] == 899)
        // Idle sources make room for new ones.
        _ = decode(d, Self.ipfix(Self.template), now: 1_700_000_000 + 3600, from: .v4(IPv4Address(1)))
        #expect(d.templates.sourceCount == 1)
        // Templates per exporter.
        let many = (0..<50).flatMap { i in Self.be16(400 + i) + Self.be16(1) + Self.be16(1) + Self.be16(4) }
        let (_, issues) = decode(d, Self.ipfix(Self.set(2, many)), now: 1_700_000_000 + 3600, from: .v4(IPv4Address(1)))
        #expect(issues.filter { $0.kind == .overLimit }.count == 31, "template 300 and 19 of these fit in 20")
        // Orphan sets: five wait, the rest are dropped; after their lifetime the waiting go too.
        for _ in 0..<10 { _ = decode(d, Self.ipfix(Self.set(999, [1, 2, 3, 4])), now: 1_700_000_000 + 3600, from: .v4(IPv4Address(2))) }
        #expect(d.counters.issues[.unknownTemplate] == 5)
        let late = Self.set(2, Self.be16(999) + Self.be16(1) + Self.be16(1) + Self.be16(4))
        #expect(decode(d, Self.ipfix(late), now: 1_700_000_000 + 3600 + 61, from: .v4(IPv4Address(2))).records.isEmpty, "waited past 60 s")
    }

    @Test("NetFlow v9 options: system-wide and per-sampler sampling rates")
    func v9Sampling() {
        func v9(_ sets: [UInt8]...) -> [UInt8] {
            let body = sets.flatMap { $0 }
            return Self.be16(9) + Self.be16(0) + Self.be32(10_000) + Self.be32(1_700_000_000) + Self.be32(1) + Self.be32(3) + body
        }
        let d = FlowDecoder()
        // Options template 256: scope System (type 1, length 4); options samplerId 48 (1), random interval 50 (4).
        let options = Self.set(1, Self.be16(256) + Self.be16(4) + Self.be16(8) + Self.be16(1) + Self.be16(4) + Self.be16(48) + Self.be16(1) + Self.be16(50) + Self.be16(4))
        // Data template 257: src4, octets 4, samplerId 1, first switched 22.
        let data = Self.set(0, Self.be16(257) + Self.be16(4) + Self.be16(8) + Self.be16(4) + Self.be16(1) + Self.be16(4) + Self.be16(48) + Self.be16(1) + Self.be16(22) + Self.be16(4))
        let optionRecord = Self.set(256, Self.be32(0) + [5] + Self.be32(100) + [0, 0, 0])
        let flows = Self.set(257, Self.be32(1) + Self.be32(60) + [5] + Self.be32(4_000) + Self.be32(2) + Self.be32(60) + [6] + Self.be32(9_000))
        let (records, issues) = decode(d, v9(options, data, optionRecord, flows))
        #expect(issues.isEmpty)
        #expect(records.map(\.samplingRate) == [100, 1], "sampler 5 samples 1 in 100; sampler 6 is unknown")
        let start = records.first?.start ?? 0
        #expect(start == 1_699_999_994_000, "first switched 6 s before the export's uptime")
    }

    @Test("hostile values: huge sampling intervals, long zero runs, withdrawals in options sets, NTP fractions")
    func hostileValues() {
        let d = FlowDecoder()
        // Options template 400 (scope: selectorId 302), packet interval 305 and space 306 of 8 bytes at 2^63.
        let options = Self.set(3, Self.be16(400) + Self.be16(3) + Self.be16(1) + Self.be16(302) + Self.be16(4) + Self.be16(305) + Self.be16(8) + Self.be16(306) + Self.be16(8))
        let huge: [UInt8] = [0x80, 0, 0, 0, 0, 0, 0, 0]
        #expect(decode(d, Self.ipfix(options, Self.set(400, Self.be32(1) + huge + huge))).issues.isEmpty, "no overflow trap")
        // A variable-length template and 60 KB of zeros ending in one byte: quick, not quadratic.
        let varlen = Self.set(2, Self.be16(401) + Self.be16(1) + Self.be16(82) + Self.be16(65535))
        let zeros = Self.set(401, [UInt8](repeating: 0, count: 60_000) + [1])
        let started = ContinuousClock.now
        _ = decode(d, Self.ipfix(varlen, zeros))
        #expect(ContinuousClock.now - started < .seconds(1))
        // Withdrawing an options template inside an options set (four bytes, no scope count).
        _ = decode(d, Self.ipfix(Self.set(3, Self.be16(400) + Self.be16(0))))
        #expect(!d.templates.templates(of: FlowSourceKey(exporter: Self.exporter, version: 10, domain: 7)).contains { $0.id == 400 })
        // flowStartNanoseconds (156): NTP seconds since 1900 and a fraction of a second.
        let timed = Self.set(2, Self.be16(402) + Self.be16(2) + Self.be16(8) + Self.be16(4) + Self.be16(156) + Self.be16(8))
        let ntp = Self.be32(1_700_000_000 + 2_208_988_800) + Self.be32(0x8000_0000)
        let (records, _) = decode(d, Self.ipfix(timed, Self.set(402, Self.be32(1) + ntp)))
        #expect(records.first?.start == 1_700_000_000_500)
    }

    @Test("sFlow: an Ethernet flow sample with a VLAN tag, and a counter sample skipped")
    func sflow() {
        let ip: [UInt8] = [0x45, 0, 0, 40, 0, 0, 0, 0, 64, 17, 0, 0] + Self.be32(0x0A00_0001) + Self.be32(0xC000_0202) + Self.be16(5353) + Self.be16(53) + [0, 20, 0, 0]
        let frame: [UInt8] = Array(repeating: 0xAA, count: 12) + [0x81, 0x00, 0, 10, 0x08, 0x00] + ip
        let header = Self.be32(1) + Self.be32(1518) + Self.be32(4) + Self.be32(frame.count) + frame + [0, 0]
        let rawRecord = Self.be32(1) + Self.be32(header.count) + header
        let flowSample = Self.be32(1) + Self.be32(7) + Self.be32(512) + Self.be32(0) + Self.be32(0) + Self.be32(3) + Self.be32(4) + Self.be32(1) + rawRecord
        let counters = Self.be32(2) + Self.be32(8) + Self.be32(1) + Self.be32(0)
        let datagram = Self.be32(5) + Self.be32(1) + Self.be32(0x0A09_0902) + Self.be32(0) + Self.be32(1) + Self.be32(0) + Self.be32(2)
            + counters + Self.be32(1) + Self.be32(flowSample.count) + flowSample
        let d = FlowDecoder()
        let (records, issues) = decode(d, datagram)
        #expect(issues.isEmpty)
        #expect(records.count == 1)
        let f = records[0]
        #expect(f.source?.description == "10.0.0.1" && f.destination?.description == "192.0.2.2" && f.sourcePort == 5353 && f.destinationPort == 53)
        #expect(f.bytes == 1518 && f.packets == 1 && f.samplingRate == 512 && f.inputInterface == 3)
    }
}

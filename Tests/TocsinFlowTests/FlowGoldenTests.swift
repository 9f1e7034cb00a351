import Foundation
import Testing
import TocsinFlow
import TocsinGeo
import TocsinTestSupport

/// The decoders against independent software on real exports: pmacct's own test captures
/// with nfacctd's expected output, and the logstash codec's 92 payloads with tshark.
@Suite("Flow decoders against pmacct and tshark")
struct FlowGoldenTests {
    /// A flow's 5-tuple as text, the unit both sides are summed by.
    struct FiveTuple: Hashable, CustomStringConvertible {
        var src, dst: String
        var sport, dport: Int
        var proto: Int
        var description: String { "\(src):\(sport) → \(dst):\(dport) proto \(proto)" }
    }

    static let protocolNumbers = ["tcp": 6, "udp": 17, "icmp": 1, "ipv6-icmp": 58, "vrrp": 112, "gre": 47, "esp": 50]

    /// Every UDP datagram of the captures through one decoder.
    static func decode(captures: [String]) throws -> [FlowRecord] {
        let decoder = FlowDecoder()
        var records: [FlowRecord] = []
        for path in captures {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
            try PacketCapture.datagrams(bytes) { d in
                d.payload.withUnsafeBytes { _ = decoder.decode($0, exporter: d.source, now: d.time, into: &records) }
            }
        }
        #expect(decoder.counters.issues[.badLength] == nil && decoder.counters.issues[.badTemplate] == nil, "\(captures): \(decoder.counters)")
        return records
    }

    @Test("pmacct's captures decode to nfacctd's flows: bytes and packets per 5-tuple, sampling applied",
          arguments: ["100-IPFIXv10-CISCO", "101-NFv9-CISCO-cust_primitives", "102-NFv9-CISCO-f2rd-pretag-sampling-reload",
                      "103-IPFIXv10-CISCO-pretag-JSON_encoding", "104-IPFIXv10-IPv6-CISCO-sampling_option", "106-IPFIXv10-HUAWEI-vrf_name",
                      "110-IPFIXv10-NFv9-multiple-sources", "111-IPFIXv10-NFv9-IPv6-IPv4-mix_sources", "112-IPFIXv10-CISCO-options-map-reassignment"])
    func pmacct(_ test: String) throws {
        let dir = try TestData.path("flows/pmacct-tests/\(test)")
        let captures = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("traffic-") && $0.hasSuffix(".pcap") }.sorted().map { "\(dir)/\($0)" }
        var ours: [FiveTuple: (bytes: UInt64, packets: UInt64)] = [:]
        for f in try Self.decode(captures: captures) {
            let key = FiveTuple(src: f.source?.description ?? "", dst: f.destination?.description ?? "", sport: Int(f.sourcePort), dport: Int(f.destinationPort), proto: Int(f.proto))
            ours[key, default: (0, 0)].bytes += f.bytes * UInt64(f.samplingRate)
            ours[key, default: (0, 0)].packets += f.packets * UInt64(f.samplingRate)
        }
        var expected: [FiveTuple: (bytes: UInt64, packets: UInt64)] = [:]
        let text = try String(contentsOfFile: "\(dir)/output-flow-00.json", encoding: .utf8)
        for line in text.split(separator: "\n") where !line.isEmpty {
            let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let proto = (o["ip_proto"] as? String).flatMap { Self.protocolNumbers[$0] } ?? (o["ip_proto"] as? Int) ?? -1
            let key = FiveTuple(src: o["ip_src"] as? String ?? "", dst: o["ip_dst"] as? String ?? "", sport: o["port_src"] as? Int ?? 0,
                                dport: o["port_dst"] as? Int ?? 0, proto: proto)
            expected[key, default: (0, 0)].bytes += UInt64(o["bytes"] as? Int ?? 0)
            expected[key, default: (0, 0)].packets += UInt64(o["packets"] as? Int ?? 0)
        }
        #expect(!expected.isEmpty)
        #expect(Set(ours.keys) == Set(expected.keys), "\(test): only ours \(Set(ours.keys).subtracting(expected.keys)); only pmacct's \(Set(expected.keys).subtracting(ours.keys))")
        for (key, want) in expected {
            #expect(ours[key]?.bytes == want.bytes && ours[key]?.packets == want.packets, "\(test) \(key): ours \(String(describing: ours[key])), pmacct \(want)")
        }
    }

    @Test("a pcapng capture (editcap's conversion) gives the same datagrams and times as the pcap")
    func pcapng() throws {
        _ = try #require(ExternalTool.find("editcap"), "editcap comes with tshark")
        let pcap = try TestData.path("flows/pmacct-tests/100-IPFIXv10-CISCO/traffic-00.pcap")
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        _ = try ExternalTool.run("editcap", ["-F", "pcapng", pcap, dir.file("t.pcapng")])
        func datagrams(_ path: String) throws -> [String] {
            var seen: [String] = []
            try PacketCapture.datagrams([UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))) { seen.append("\($0.time) \($0.source) \($0.payload.count)") }
            return seen
        }
        let fromPcap = try datagrams(pcap), fromPcapng = try datagrams(dir.file("t.pcapng"))
        #expect(fromPcap.count == 6 && fromPcapng == fromPcap)
    }
}

/// The logstash codec's payloads, grouped as their names say (templates before data), each
/// group through one decoder and through `tshark -V`'s NetFlow/IPFIX dissector.
@Suite("Flow decoders against tshark")
struct FlowTsharkTests {
    /// What tshark and Tocsin both read of a record.
    struct Seen: Hashable, CustomStringConvertible {
        var src, dst: String
        var sport, dport, proto: Int
        var bytes, packets: UInt64
        var description: String { "\(src):\(sport)→\(dst):\(dport)/\(proto) \(bytes) B \(packets) p" }
    }

    /// Groups where tshark reads fewer records than the datagrams hold, and why.
    static let tsharkReadsLess: [String: String] = [
        "netflow9_test_invalid01": "tshark stops at the header's record count, which is wrong here",
        "netflow9_test_h3c": "tshark abandons the packet at IE 43 sent with 2 bytes",
    ]

    /// Groups Tocsin refuses on purpose, and why.
    static let tocsinRefuses: [String: String] = [
        "netflow5_test_invalid01": "a NetFlow v5 count (55582) that the datagram cannot hold: refused whole, as nfdump does",
        "netflow5_test_invalid02": "a NetFlow v5 count (163) that the datagram cannot hold: refused whole, as nfdump does",
    ]

    static func group(of name: String) -> String {
        let base = name.replacingOccurrences(of: ".dat", with: "")
        for marker in ["_tpl", "_opttpl", "_data", "_tpldata", "_tpls"] {
            if let r = base.range(of: marker) { return String(base[..<r.lowerBound]) }
        }
        return base
    }

    /// The records tshark reads with all compared fields, and how many it reads with
    /// addresses at all (some carry their bytes in other elements).
    static func tsharkRecords(_ pcap: String, ambiguous: inout Int) throws -> (seen: [Seen], withAddresses: Int) {
        let r = try ExternalTool.run("tshark", ["-r", pcap, "-T", "json", "-J", "cflow", "--no-duplicate-keys"], timeout: 60)
        guard r.status == 0, let packets = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]] else { return ([], 0) }
        var seen: [Seen] = []
        var withAddresses = 0
        func flatten(_ o: [String: Any], into fields: inout [String: Any]) {
            for (k, v) in o {
                if let d = v as? [String: Any] { flatten(d, into: &fields) } else if k.hasPrefix("cflow.") { fields[k] = v }
            }
        }
        func record(_ fields: [String: Any]) {
            // A field given more than once (Cisco NBAR's template has both L4 and TCP/UDP
            // port fields, which tshark names alike) cannot be compared: skip the record.
            let compared = ["cflow.srcaddr", "cflow.dstaddr", "cflow.srcaddrv6", "cflow.dstaddrv6", "cflow.srcport", "cflow.dstport", "cflow.protocol", "cflow.octets", "cflow.packets"]
            if fields["cflow.srcaddr"] ?? fields["cflow.srcaddrv6"] != nil, fields["cflow.dstaddr"] ?? fields["cflow.dstaddrv6"] != nil { withAddresses += 1 }
            guard !compared.contains(where: { fields[$0] is [Any] }) else { ambiguous += 1; return }
            func text(_ k: String) -> String? { fields[k] as? String }
            guard let src = text("cflow.srcaddr") ?? text("cflow.srcaddrv6"), let dst = text("cflow.dstaddr") ?? text("cflow.dstaddrv6"),
                  let bytes = text("cflow.octets").flatMap(UInt64.init), let packets = text("cflow.packets").flatMap(UInt64.init) else { return }
            seen.append(Seen(src: src, dst: dst, sport: text("cflow.srcport").flatMap { Int($0) } ?? 0, dport: text("cflow.dstport").flatMap { Int($0) } ?? 0,
                             proto: text("cflow.protocol").flatMap { Int($0) } ?? 0, bytes: bytes, packets: packets))
        }
        for p in packets {
            guard let layers = (p["_source"] as? [String: Any])?["layers"] as? [String: Any], let cflow = layers["cflow"] as? [String: Any] else { continue }
            for (key, value) in cflow {
                guard let set = value as? [String: Any] else { continue }
                let flows: [[String: Any]] = key.hasPrefix("pdu ") ? [set] : set.filter { $0.key.hasPrefix("Flow ") }.compactMap { $0.value as? [String: Any] }
                for flow in flows {
                    var fields: [String: Any] = [:]
                    flatten(flow, into: &fields)
                    record(fields)
                }
            }
        }
        return (seen, withAddresses)
    }

    @Test("every record tshark reads, Tocsin reads the same; as many records, but where tshark gives up")
    func logstashPayloads() throws {
        _ = try #require(ExternalTool.find("tshark"), "tshark is installed by scripts/install-deps.sh test")
        let dir = try TestData.path("flows/logstash-codec-netflow")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".dat") }
        #expect(names.count == 92)
        let groups = Dictionary(grouping: names, by: Self.group)
        let scratch = try TemporaryFolder()
        defer { scratch.remove() }
        var compared = 0, ambiguous = 0
        for (group, files) in groups.sorted(by: { $0.key < $1.key }) {
            // Templates first: a file with "tpl" and no "data" in its name defines, the rest use.
            let ordered = files.sorted { ($0.contains("data") && !$0.contains("tpl") ? 1 : 0, $0) < ($1.contains("data") && !$1.contains("tpl") ? 1 : 0, $1) }
            var payloads: [[UInt8]] = []
            for f in ordered { payloads += RawDatagrams.split([UInt8](try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(f)")))).map(Array.init) }
            let decoder = FlowDecoder()
            var records: [FlowRecord] = []
            for p in payloads { decoder.decode(p, exporter: .v4(IPv4Address(0x0A01_0101)), now: 1_600_000_000, into: &records) }
            let ours = records.compactMap { f -> Seen? in
                guard let s = f.source, let d = f.destination else { return nil }
                return Seen(src: s.description, dst: d.description, sport: Int(f.sourcePort), dport: Int(f.destinationPort), proto: Int(f.proto), bytes: f.bytes, packets: f.packets)
            }
            let pcap = scratch.file("\(group).pcap")
            try PcapWriter.write(payloads, port: 2055, to: pcap)
            let (theirs, theirCount) = try Self.tsharkRecords(pcap, ambiguous: &ambiguous)
            if let why = Self.tocsinRefuses[group] {
                #expect(ours.isEmpty && decoder.counters.issues[.badLength] != nil, "\(group): \(why)")
                continue
            }
            var remaining = ours
            for t in theirs {
                if let i = remaining.firstIndex(of: t) { remaining.remove(at: i) } else { Issue.record("\(group): tshark read \(t), Tocsin did not") }
            }
            compared += theirs.count
            if let why = Self.tsharkReadsLess[group] {
                #expect(ours.count > theirCount, "\(group): \(why)")
            } else {
                #expect(ours.count == theirCount, "\(group): Tocsin read \(ours.count) records with addresses, tshark \(theirCount)")
            }
        }
        #expect(compared >= 300 && ambiguous < 20, "records compared with tshark: \(compared), not comparable: \(ambiguous)")
    }
}

import Foundation
import NIOCore
import NIOPosix
import TocsinCore
import TocsinFlow
import TocsinGeo

/// Flow benchmarks: a capture of IPFIX exports to replay, the decode + enrich + aggregate
/// rate on one core, and a listener that counts what it receives (for replay loss).
enum FlowBench {
    /// Writes a pcap of IPFIX messages (30 records each, one template message first) to
    /// `destination`:`port` (Ethernet to `mac`), sent by 10.206.0.1. Users come from real
    /// routed space (libloc's networks, 64 addresses in a row, as traffic clusters), servers
    /// from 192.0.2.0/24.
    static func capture(path: String, records: Int, port: UInt16, destination: UInt32 = 0x7F00_0001, mac: [UInt8] = [0, 0, 0, 0, 0, 0]) throws {
        var rng = SplitMix64(seed: 7)
        var networks: [(UInt32, Int)] = []
        try LocationDatabase().forEachNetwork { bits, depth, _ in
            if depth >= 96, depth <= 120, bits >> 32 == 0xFFFF { networks.append((UInt32(truncatingIfNeeded: bits), depth - 96)) }
        }
        var users: [UInt32] = []
        while users.count < records {
            let (base, length) = networks[Int(rng.next() % UInt64(networks.count))]
            let span = (UInt32(1) << (32 - length)) - 1
            let start = base | (UInt32(truncatingIfNeeded: rng.next()) & span)
            for k in 0..<64 where users.count < records { users.append(start &+ UInt32(k)) }
        }
        func be16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        func message(_ sets: [UInt8], sequence: UInt32) -> [UInt8] {
            be16(10) + be16(16 + sets.count) + be32(1_700_000_000) + be32(sequence) + be32(1) + sets
        }
        // Template 256: src4 dst4 sport dport proto octets(8) packets(8) flowStart/EndMilliseconds.
        let fields: [(Int, Int)] = [(8, 4), (12, 4), (7, 2), (11, 2), (4, 1), (1, 8), (2, 8), (152, 8), (153, 8)]
        let template = be16(2) + be16(4 + 4 + 4 * fields.count) + be16(256) + be16(fields.count) + fields.flatMap { be16($0.0) + be16($0.1) }
        var payloads = [message(template, sequence: 0)]
        var sequence: UInt32 = 0
        for chunk in stride(from: 0, to: users.count, by: 30) {
            var set: [UInt8] = []
            for (k, user) in users[chunk..<min(chunk + 30, users.count)].enumerated() {
                let down = k % 2 == 0
                let server: UInt32 = 0xC000_0200 | UInt32(1 + k % 200)
                set += be32(down ? server : user) + be32(down ? user : server) + be16(down ? 443 : 40_000 + k) + be16(down ? 40_000 + k : 443) + [6]
                set += be32(0) + be32(UInt32(1_000 + k * 37)) + be32(0) + be32(UInt32(2 + k % 9))
                let t = UInt64(1_700_000_000_000) + UInt64(chunk)
                set += be32(UInt32(t >> 32)) + be32(UInt32(truncatingIfNeeded: t)) + be32(UInt32(t >> 32)) + be32(UInt32(truncatingIfNeeded: t + 900))
            }
            sequence += 30
            payloads.append(message(be16(256) + be16(4 + set.count) + set, sequence: sequence))
        }
        var pcap = PacketCaptureWriter(source: 0x0ACE_0001, destination: destination, sourcePort: 9_999, destinationPort: port, destinationMAC: mac)
        for (i, payload) in payloads.enumerated() { pcap.append(payload, time: UInt32(1_700_000_000 + i / 1000), microseconds: UInt32(i % 1000) * 1000) }
        try Data(pcap.bytes).write(to: URL(fileURLWithPath: path))
        print("wrote \(payloads.count) datagrams, \(users.count) records to \(path) (UDP to \(IPv4Address(destination)):\(port))")
    }

    /// Decodes every datagram of the capture `copies` times, enriching each record with the
    /// reference data and aggregating it, on one core.
    static func decode(path: String, copies: Int, geography: Bool) throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var datagrams: [(IPAddress, [UInt8])] = []
        try PacketCapture.datagrams(bytes) { datagrams.append(($0.source, Array($0.payload))) }
        var geo = GeoDatabase()
        if geography { geo.libloc = try LocationDatabase() }
        var aggregator = try TrafficAggregator(locator: TrafficLocator(geo), localPrefixes: ["192.0.2.0/24"], grace: 0, keptBins: 1_000_000)
        let decoder = FlowDecoder()
        var records: [FlowRecord] = []
        var total = 0
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<copies {
                for (exporter, payload) in datagrams {
                    records.removeAll(keepingCapacity: true)
                    payload.withUnsafeBytes { _ = decoder.decode($0, exporter: exporter, now: 1_700_000_000, into: &records) }
                    for r in records { aggregator.add(r, now: 1_700_001_200) }
                    total += records.count
                }
            }
        }
        let points = aggregator.drain(now: .max / 4)
        let seconds = elapsed.seconds
        let c = aggregator.counters
        print("\(total) records (\(datagrams.count) datagrams × \(copies)) decoded, located and aggregated in \(String(format: "%.3f", seconds)) s: "
              + "\(Int(Double(total) / seconds)) records/s; \(points.count) points, \(c.counted) counted, \(c.unlocated) unlocated, \(c.late) late")
    }

    /// Listens on `host`:`port` for `seconds` and prints the records decoded.
    static func listen(host: String, port: Int, seconds: Int) async throws {
        let collector = FlowCollector(aggregator: try TrafficAggregator(locator: TrafficLocator(GeoDatabase()), grace: 0))
        _ = try await collector.start([.init(name: "bench", host: host, port: port)])
        try await Task.sleep(for: .seconds(seconds))
        await collector.stop()
        let c = collector.aggregatorCounters
        print("records received: \(c.counted + c.unlocated + c.internalFlows + c.late + c.noAddress)")
    }
}

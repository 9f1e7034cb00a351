import TocsinCore
import Foundation
import TocsinGeo

/// Benchmarks of the reference data: building tables from the location database, and IPv4
/// longest-prefix-match lookups (compared with pyasn by Benchmarks/pyasn_lookup.py).
enum GeoBench {
    /// Writes the IPv4 networks of the location database that have an AS as a pyasn `ipasn` file.
    static func exportIPASN(to path: String) throws {
        let db = try LocationDatabase()
        var text = "; IPv4 networks with their AS from the IPFire location database\n"
        var count = 0
        db.forEachNetwork { bits, depth, network in
            guard depth >= 96, bits >> 32 == 0xFFFF, network.asn != 0 else { return }
            text += "\(IPv4Prefix(masking: UInt32(truncatingIfNeeded: bits), length: depth - 96))\t\(network.asn)\n"
            count += 1
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        print("wrote \(count) prefixes to \(path)")
    }

    /// Writes `count` IPv4 addresses, one a line: `random` (uniform over the whole space) or
    /// `clustered` (runs of nearby addresses inside routed networks, as traffic looks).
    static func writeAddresses(to path: String, count: Int, kind: String) throws {
        var rng = SplitMix64(seed: 42)
        var lines: [String] = []
        lines.reserveCapacity(count)
        if kind == "random" {
            for _ in 0..<count { lines.append(IPv4Address(UInt32(truncatingIfNeeded: rng.next())).description) }
        } else {
            var networks: [(UInt32, Int)] = []
            try LocationDatabase().forEachNetwork { bits, depth, _ in
                if depth >= 96, bits >> 32 == 0xFFFF { networks.append((UInt32(truncatingIfNeeded: bits), depth - 96)) }
            }
            while lines.count < count {
                let (base, length) = networks[Int(rng.next() % UInt64(networks.count))]
                let span = length == 0 ? UInt32.max : (UInt32(1) << (32 - length)) - 1
                let start = base | (UInt32(truncatingIfNeeded: rng.next()) & span)
                for k in 0..<min(64, count - lines.count) { lines.append(IPv4Address(start &+ UInt32(k % 256)).description) }
            }
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        print("wrote \(lines.count) \(kind) addresses to \(path)")
    }

    /// Opens the location database and builds its IPv4 and IPv6 tables: time and memory.
    static func build() throws {
        let clock = ContinuousClock()
        var v4Count = 0, v6Count = 0, intervals = 0
        let before = peakRSS()
        let elapsed = try clock.measure {
            let db = try LocationDatabase()
            let v4 = db.ipv4Table()
            let v6 = db.ipv6Table()
            v4Count = v4.count
            v6Count = v6.count
            intervals = v4.intervalCount + v6.intervalCount
        }
        print("open + build: \(v4Count) IPv4 and \(v6Count) IPv6 networks (\(intervals) intervals) in \(elapsed.seconds) s; peak RSS \(peakRSS() / 1024) MB (before: \(before / 1024) MB)")
    }

    /// IPv4 lookups on a prefix-to-AS table: rate and a checksum of the answers.
    static func lookup(ipasn: String, addresses path: String) throws {
        let table = IPv4PrefixTable(try PrefixToAS.load(path: ipasn).ipv4)
        let addresses = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").compactMap { IPv4Address($0)?.value }
        let clock = ContinuousClock()
        var checksum: UInt64 = 0
        var found = 0
        let passes = 10
        let elapsed = clock.measure {
            for _ in 0..<passes {
                for a in addresses {
                    let leaf = table.leafIndex(a)
                    if leaf >= 0 {
                        checksum &+= UInt64(table.payloads[Int(leaf)])
                        found += 1
                    }
                }
            }
        }
        let rate = Double(addresses.count * passes) / elapsed.seconds
        print("tocsin: \(addresses.count) addresses x \(passes): \(String(format: "%.1f", rate / 1e6)) M lookups/s; found \(found / passes), checksum \(checksum / UInt64(passes))")
    }


    /// Peak resident memory of this process in KiB (VmHWM).
    static func peakRSS() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }
}

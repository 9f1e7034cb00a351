import Foundation
import TocsinGeo
import TocsinProbe
import TocsinStore

/// Before probing state lived in the store, `tocsin probe census` wrote the tracked IPv4
/// blocks to DATA/probe-blocks.json. An existing deployment's file is imported once (when
/// the store has no IPv4 blocks) and renamed `probe-blocks.json.imported`.
enum LegacyProbeState {
    private struct Block: Decodable {
        var block: UInt32
        var hosts: [UInt8]
        var availability: Double
        var up: Bool
        var changedAt: Int64?
    }

    /// How many blocks were imported (0 when there was nothing to import).
    static func importIfPresent(folder: String, into store: any ProbeLog) async throws -> Int {
        let path = "\(folder)/probe-blocks.json"
        guard let data = FileManager.default.contents(atPath: path), try await store.probeBlocks(family: IPv4.version).isEmpty else { return 0 }
        let blocks = try JSONDecoder().decode([Block].self, from: data).filter { $0.block <= 0xFF_FFFF && !$0.hosts.isEmpty }
        try await store.replaceProbeBlocks(family: IPv4.version, blocks.map { b in
            let tracked = TrackedBlock<IPv4>(block: b.block, hosts: b.hosts, availability: b.availability, up: b.up, changedAt: b.changedAt)
            return ProbeBlockRecord(prefix: tracked.prefixText, family: IPv4.version, hosts: tracked.packedHosts, availability: b.availability, up: b.up, changedAt: b.changedAt)
        })
        try FileManager.default.moveItem(atPath: path, toPath: path + ".imported")
        return blocks.count
    }
}

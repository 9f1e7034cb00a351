import NIOCore
import PostgresNIO
import TocsinCore

extension PostgresSignalStore: ProbeLog {
    public func replaceProbeBlocks(family: Int, _ blocks: [ProbeBlockRecord]) async throws {
        try await client.withTransaction(logger: logger) { connection in
            try await connection.query("DELETE FROM probe_block WHERE family = \(Int64(family))", logger: logger)
            for (position, b) in blocks.enumerated() {
                try await connection.query("""
                    INSERT INTO probe_block (prefix, family, position, hosts, availability, up, changed_at)
                    VALUES (\(b.prefix), \(Int64(family)), \(Int64(position)), \(ByteBuffer(bytes: b.hosts)), \(b.availability), \(b.up), \(b.changedAt))
                    ON CONFLICT (prefix) DO UPDATE SET family = excluded.family, position = excluded.position, hosts = excluded.hosts,
                        availability = excluded.availability, up = excluded.up, changed_at = excluded.changed_at
                    """, logger: logger)
            }
        }
    }

    public func probeBlocks(family: Int) async throws -> [ProbeBlockRecord] {
        let rows = try await client.query("""
            SELECT prefix, hosts, availability, up, changed_at FROM probe_block WHERE family = \(Int64(family)) ORDER BY position
            """, logger: logger)
        var blocks: [ProbeBlockRecord] = []
        for try await (prefix, hosts, availability, up, changedAt) in rows.decode((String, ByteBuffer, Double, Bool, Int64?).self) {
            blocks.append(ProbeBlockRecord(prefix: prefix, family: family, hosts: Array(hosts.readableBytesView), availability: availability,
                                           up: up, changedAt: changedAt))
        }
        return blocks
    }

    public func recordProbeChanges(_ changes: [ProbeBlockChange]) async throws {
        guard !changes.isEmpty else { return }
        try await client.withTransaction(logger: logger) { connection in
            for c in changes {
                try await connection.query("UPDATE probe_block SET up = \(c.up), changed_at = \(c.time) WHERE prefix = \(c.prefix)", logger: logger)
                try await connection.query("""
                    INSERT INTO probe_change (prefix, up, time, asn, country, region, access)
                    VALUES (\(c.prefix), \(c.up), \(c.time), \(c.asn.map { Int64($0) }), \(c.country), \(c.region), \(c.access))
                    """, logger: logger)
            }
        }
    }

    public func probeChanges(entity: EntityID, from: Int64, until: Int64, limit: Int) async throws -> [ProbeBlockChange] {
        let select = "SELECT prefix, up, time, asn, country, access, region FROM probe_change WHERE"
        let range = "time >= \(from) AND time < \(until) ORDER BY time, id LIMIT \(max(0, limit))"
        var binds = PostgresBindings()
        let filter: String
        switch entity.kind {
        case .asn(let asn):
            binds.append(Int64(asn))
            filter = "asn = $1"
        case .country(let cc):
            binds.append(cc)
            filter = "country = $1"
        case .accessGroup(let cc, let group):
            binds.append(cc)
            binds.append(group.rawValue)
            filter = "country = $1 AND access = $2"
        case .region(_, let code):
            binds.append(code)
            filter = "region = $1"
        }
        let rows = try await client.query(PostgresQuery(unsafeSQL: "\(select) \(filter) AND \(range)", binds: binds), logger: logger)
        var changes: [ProbeBlockChange] = []
        for try await (prefix, up, time, asn, country, access, region) in rows.decode((String, Bool, Int64, Int64?, String?, String?, String?).self) {
            changes.append(ProbeBlockChange(prefix: prefix, up: up, time: time, asn: asn.map { UInt32(truncatingIfNeeded: $0) },
                                            country: country, region: region, access: access))
        }
        return changes
    }
}

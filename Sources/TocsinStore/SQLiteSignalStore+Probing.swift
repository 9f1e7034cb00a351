import Foundation
import GRDB
import TocsinCore

extension SQLiteSignalStore: ProbeLog {
    public func replaceProbeBlocks(family: Int, _ blocks: [ProbeBlockRecord]) async throws {
        try await writer.write { db in
            try db.execute(sql: "DELETE FROM probe_block WHERE family = ?", arguments: [family])
            let insert = try db.makeStatement(sql: "INSERT OR REPLACE INTO probe_block (prefix, family, hosts, availability, up, changed_at) VALUES (?, ?, ?, ?, ?, ?)")
            for b in blocks {
                try insert.execute(arguments: [b.prefix, family, Data(b.hosts), b.availability, b.up, b.changedAt])
            }
        }
    }

    public func probeBlocks(family: Int) async throws -> [ProbeBlockRecord] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT prefix, hosts, availability, up, changed_at FROM probe_block WHERE family = ? ORDER BY rowid", arguments: [family]).map { row in
                ProbeBlockRecord(prefix: row[0], family: family, hosts: [UInt8](row[1] as Data), availability: row[2], up: row[3], changedAt: row[4])
            }
        }
    }

    public func recordProbeChanges(_ changes: [ProbeBlockChange]) async throws {
        guard !changes.isEmpty else { return }
        try await writer.write { db in
            let update = try db.makeStatement(sql: "UPDATE probe_block SET up = ?, changed_at = ? WHERE prefix = ?")
            let insert = try db.makeStatement(sql: "INSERT INTO probe_change (prefix, up, time, asn, country, region, access) VALUES (?, ?, ?, ?, ?, ?, ?)")
            for c in changes {
                try update.execute(arguments: [c.up, c.time, c.prefix])
                try insert.execute(arguments: [c.prefix, c.up, c.time, c.asn.map { Int64($0) }, c.country, c.region, c.access])
            }
        }
    }

    public func probeChanges(entity: EntityID, from: Int64, until: Int64, limit: Int) async throws -> [ProbeBlockChange] {
        let filter: String
        let arguments: StatementArguments
        switch entity.kind {
        case .asn(let asn):
            (filter, arguments) = ("asn = ?", [Int64(asn)])
        case .country(let cc):
            (filter, arguments) = ("country = ?", [cc])
        case .accessGroup(let cc, let group):
            (filter, arguments) = ("country = ? AND access = ?", [cc, group.rawValue])
        case .region(_, let code):
            (filter, arguments) = ("region = ?", [code])
        }
        return try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT prefix, up, time, asn, country, access, region FROM probe_change
                WHERE \(filter) AND time >= ? AND time < ? ORDER BY time, id LIMIT ?
                """, arguments: arguments + [from, until, limit]).map { row in
                ProbeBlockChange(prefix: row[0], up: row[1], time: row[2], asn: (row[3] as Int64?).map { UInt32(truncatingIfNeeded: $0) }, country: row[4],
                                 region: row[6], access: row[5])
            }
        }
    }
}

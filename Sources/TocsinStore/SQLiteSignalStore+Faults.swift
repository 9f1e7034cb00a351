import GRDB
import TocsinCore

extension SQLiteTransaction {
    func replaceFaults(with faults: some Collection<SignalFault>) throws {
        try db.execute(sql: "DELETE FROM signal_fault")
        let statement = try db.cachedStatement(sql: """
            INSERT INTO signal_fault (entity, signal, start, "end", drop_fraction, held) VALUES (?, ?, ?, ?, ?, ?)
            """)
        for fault in faults {
            try statement.execute(arguments: [fault.entity.rawValue, fault.signal.rawValue, fault.start, fault.end, fault.drop,
                                              fault.held.map(\.rawValue).joined(separator: ",")])
        }
    }
}

extension SQLiteSignalStore {
    public func faults(entity: EntityID?, from: Int64, until: Int64, limit: Int) async throws -> [SignalFault] {
        var sql = """
            SELECT entity, signal, start, "end", drop_fraction, held FROM signal_fault
            WHERE start < ? AND ("end" IS NULL OR "end" > ?)
            """
        var arguments: StatementArguments = [until, from]
        if let entity {
            sql += " AND entity = ?"
            arguments += [entity.rawValue]
        }
        sql += " ORDER BY start DESC, entity, signal LIMIT \(max(0, limit))"
        let rows = try await pool.read { [sql, arguments] db in try Row.fetchAll(db, sql: sql, arguments: arguments) }
        // Rows this store wrote; one that no longer parses is skipped rather than fatal.
        return rows.compactMap { row in
            guard let entity = try? EntityID(row[0] as String), let signal = try? SignalName(row[1] as String) else { return nil }
            let held = (row[5] as String).split(separator: ",").compactMap { try? SignalName($0) }
            return SignalFault(entity: entity, signal: signal, start: row[2], end: row[3], drop: row[4], held: held)
        }
    }
}

import PostgresNIO
import TocsinCore

extension PostgresSignalStore {
    public func faults(entity: EntityID?, from: Int64, until: Int64, limit: Int) async throws -> [SignalFault] {
        let query: PostgresQuery
        if let entity {
            query = """
                SELECT entity, signal, start, "end", drop_fraction, held FROM signal_fault
                WHERE start < \(until) AND ("end" IS NULL OR "end" > \(from)) AND entity = \(entity.rawValue)
                ORDER BY start DESC, entity COLLATE "C", signal COLLATE "C" LIMIT \(Int64(max(0, limit)))
                """
        } else {
            query = """
                SELECT entity, signal, start, "end", drop_fraction, held FROM signal_fault
                WHERE start < \(until) AND ("end" IS NULL OR "end" > \(from))
                ORDER BY start DESC, entity COLLATE "C", signal COLLATE "C" LIMIT \(Int64(max(0, limit)))
                """
        }
        var faults: [SignalFault] = []
        let rows = try await client.query(query, logger: logger)
        for try await (e, s, start, end, drop, held) in rows.decode((String, String, Int64, Int64?, Double, String).self) {
            // Rows this store wrote; one that no longer parses is skipped rather than fatal.
            guard let entity = try? EntityID(e), let signal = try? SignalName(s) else { continue }
            faults.append(SignalFault(entity: entity, signal: signal, start: start, end: end, drop: drop,
                                      held: held.split(separator: ",").compactMap { try? SignalName($0) }))
        }
        return faults
    }
}

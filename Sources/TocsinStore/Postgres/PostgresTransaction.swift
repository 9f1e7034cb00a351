import Foundation
import Logging
import NIOCore
import PostgresNIO
import TocsinCore

/// The writes of one PostgreSQL transaction, made from `SignalStore.transaction`'s synchronous
/// body on a blocking thread (`BlockingWait`). Like `SQLiteTransaction`, series rows it creates
/// are reported back so the store caches their ids once the transaction has committed.
final class PostgresTransaction: StoreTransaction {
    let connection: PostgresConnection
    let logger: Logger
    private let known: [SeriesKey: Int64]
    private(set) var created: [SeriesKey: Int64] = [:]

    init(connection: PostgresConnection, logger: Logger, known: [SeriesKey: Int64]) {
        self.connection = connection
        self.logger = logger
        self.known = known
    }

    /// Runs one statement and returns its rows.
    @discardableResult
    func run(_ query: PostgresQuery) throws -> [PostgresRow] {
        let connection = connection, logger = logger
        return try BlockingWait.result { try await connection.query(query, logger: logger).collect() }
    }

    /// Applies points block by block: the blocks they touch are read in one statement, under a
    /// lock per series (so instances writing the same series do not lose each other's slots),
    /// changed in memory and written back in one statement.
    func upsert(points: some Collection<SignalPoint>) throws -> UpsertSummary {
        var summary = UpsertSummary()
        guard !points.isEmpty else { return summary }
        let ids = try seriesIDs(Set(points.map(\.key)))
        var slots: [BlockKey: [(slot: Int, encoded: UInt64, time: Int64)]] = [:]
        for point in points {
            let key = BlockKey(series: ids[point.key]!, day: PointBlock.start(of: point.time))
            slots[key, default: []].append((PointBlock.slot(of: point.time), PointBlock.encode(point.value), point.time))
        }
        let series = Array(Set(slots.keys.map(\.series))).sorted()
        let days = Array(Set(slots.keys.map(\.day))).sorted()
        try run("""
            SELECT pg_advisory_xact_lock(\(Int64(PostgresSchema.seriesLockSpace) << 32) | id)
            FROM (SELECT id FROM unnest(\(series)::int8[]) AS id ORDER BY id) AS s
            """)
        var blocks: [BlockKey: PointBlock] = [:]
        for row in try run("SELECT series, day, data FROM point_block WHERE series = ANY(\(series)) AND day = ANY(\(days))") {
            let (s, d, data) = try row.decode((Int64, Int64, ByteBuffer).self)
            let key = BlockKey(series: s, day: d)
            guard slots[key] != nil else { continue }
            blocks[key] = try PointBlock(blob: Data(data.readableBytesView))
        }
        var written: (series: [Int64], days: [Int64], data: [ByteBuffer]) = ([], [], [])
        var earliest = Int64.max
        for (key, changes) in slots {
            var block = blocks[key] ?? PointBlock()
            var dirty = false
            for c in changes {
                if block.set(c.slot, c.encoded) {
                    dirty = true
                    summary.written += 1
                    earliest = min(earliest, c.time)
                } else {
                    summary.unchanged += 1
                }
            }
            guard dirty else { continue }
            written.series.append(key.series)
            written.days.append(key.day)
            written.data.append(ByteBuffer(data: block.blob))
        }
        if !written.series.isEmpty {
            try run("""
                INSERT INTO point_block (series, day, data)
                SELECT * FROM unnest(\(written.series)::int8[], \(written.days)::int8[], \(written.data)::bytea[])
                ON CONFLICT (series, day) DO UPDATE SET data = excluded.data
                """)
        }
        if summary.written > 0 { try journal(earliest: earliest) }
        return summary
    }

    /// Notes a change for live detectors: points from `earliest` on, or (nil) entity metadata.
    /// The journal is locked until commit so that revisions become visible in their order: a
    /// detector that read up to revision N never later finds a smaller one.
    private func journal(earliest: Int64?) throws {
        try run("LOCK TABLE change_journal IN EXCLUSIVE MODE")
        try run("INSERT INTO change_journal (earliest) VALUES (\(earliest))")
    }

    func upsert(entities: some Collection<Entity>) throws {
        var changed = false
        for entity in entities {
            let rows = try run("""
                INSERT INTO entity (id, name, country, access)
                VALUES (\(entity.id.rawValue), \(entity.name), \(entity.country), \(entity.access.rawValue))
                ON CONFLICT (id) DO UPDATE SET name = excluded.name, country = excluded.country, access = excluded.access
                WHERE entity.name <> excluded.name OR entity.country <> excluded.country OR entity.access <> excluded.access
                RETURNING id
                """)
            changed = changed || !rows.isEmpty
        }
        if changed { try journal(earliest: nil) }
    }

    func save(events: some Collection<OutageEvent>) throws {
        guard !events.isEmpty else { return }
        var columns: (ids: [String], entities: [String], starts: [Int64], ends: [Int64], detected: [Int64],
                      scopes: [String], causes: [String], bodies: [String]) = ([], [], [], [], [], [], [], [])
        for event in events {
            columns.ids.append(event.id)
            columns.entities.append(event.entity.rawValue)
            columns.starts.append(event.start)
            columns.ends.append(event.end ?? Self.noEnd)
            columns.detected.append(event.detectedAt)
            columns.scopes.append(event.scope.rawValue)
            columns.causes.append(event.cause.rawValue)
            columns.bodies.append(EventsJSONLines.line(event))
        }
        // Arrays carry no NULLs here: an ongoing event's end travels as `noEnd`.
        try run("""
            INSERT INTO event (id, entity, start, "end", detected_at, scope, cause, body)
            SELECT id, entity, start, NULLIF(e, \(Self.noEnd)), detected_at, scope, cause, body
            FROM unnest(\(columns.ids)::text[], \(columns.entities)::text[], \(columns.starts)::int8[], \(columns.ends)::int8[],
                        \(columns.detected)::int8[], \(columns.scopes)::text[], \(columns.causes)::text[], \(columns.bodies)::text[])
                 AS t(id, entity, start, e, detected_at, scope, cause, body)
            ON CONFLICT (id) DO UPDATE SET entity = excluded.entity, start = excluded.start, "end" = excluded."end",
                detected_at = excluded.detected_at, scope = excluded.scope, cause = excluded.cause, body = excluded.body
            """)
    }

    /// Stands for "no end" in arrays of ends (no stored time can be it).
    static let noEnd = Int64.min

    func deleteEvents(ids: some Collection<String>) throws {
        guard !ids.isEmpty else { return }
        try run("DELETE FROM event WHERE id = ANY(\(Array(ids)))")
    }

    func replaceEvents(with events: some Collection<OutageEvent>) throws {
        try run("DELETE FROM event")
        try save(events: events)
    }

    func replaceFaults(with faults: some Collection<SignalFault>) throws {
        try run("DELETE FROM signal_fault")
        guard !faults.isEmpty else { return }
        let ends = faults.map { $0.end ?? Self.noEnd }
        try run("""
            INSERT INTO signal_fault (entity, signal, start, "end", drop_fraction, held)
            SELECT entity, signal, start, NULLIF(e, \(Self.noEnd)), drop_fraction, held
            FROM unnest(\(faults.map(\.entity.rawValue))::text[], \(faults.map(\.signal.rawValue))::text[],
                        \(faults.map(\.start))::int8[], \(ends)::int8[], \(faults.map(\.drop))::float8[],
                        \(faults.map { $0.held.map(\.rawValue).joined(separator: ",") })::text[])
                 AS t(entity, signal, start, e, drop_fraction, held)
            """)
    }

    /// The ids of these series, creating the rows of those not yet stored.
    private func seriesIDs(_ keys: Set<SeriesKey>) throws -> [SeriesKey: Int64] {
        var ids: [SeriesKey: Int64] = [:]
        var missing: [SeriesKey] = []
        for key in keys {
            if let id = known[key] ?? created[key] { ids[key] = id } else { missing.append(key) }
        }
        guard !missing.isEmpty else { return ids }
        let entities = missing.map(\.entity.rawValue), signals = missing.map(\.signal.rawValue)
        try run("""
            INSERT INTO series (entity, signal) SELECT * FROM unnest(\(entities)::text[], \(signals)::text[])
            ON CONFLICT (entity, signal) DO NOTHING
            """)
        for row in try run("""
            SELECT s.id, s.entity, s.signal FROM series s
            JOIN unnest(\(entities)::text[], \(signals)::text[]) AS k(entity, signal) USING (entity, signal)
            """) {
            let (id, entity, signal) = try row.decode((Int64, String, String).self)
            let key = SeriesKey(entity: try EntityID(entity), signal: try SignalName(signal))
            ids[key] = id
            created[key] = id
        }
        return ids
    }
}

/// One day block of one series.
struct BlockKey: Hashable {
    var series: Int64
    var day: Int64
}

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
    private var pointsFrom: Int64?
    private var locked: Set<Int64> = []
    private var cache: [BlockKey: PointBlock] = [:]
    private var dirty: Set<BlockKey> = []
    private var metadataChanged = false

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

    /// Applies points block by block. The blocks a transaction touches stay in memory until
    /// it ends (at most `cachedBlocks` of them; the changed ones are written when the cache is
    /// full and at the end), so a file sorted by time reads and writes each block once rather
    /// than once per batch. Each series is locked on first touch until the transaction ends,
    /// so instances writing the same series do not lose each other's slots.
    func upsert(points: some Collection<SignalPoint>) throws -> UpsertSummary {
        var summary = UpsertSummary()
        guard !points.isEmpty else { return summary }
        let ids = try seriesIDs(Set(points.map(\.key)))
        var slots: [BlockKey: [(slot: Int, encoded: UInt64, time: Int64)]] = [:]
        for point in points {
            let key = BlockKey(series: ids[point.key]!, day: PointBlock.start(of: point.time))
            slots[key, default: []].append((PointBlock.slot(of: point.time), PointBlock.encode(point.value), point.time))
        }
        let unlocked = Array(Set(slots.keys.map(\.series)).subtracting(locked)).sorted()
        if !unlocked.isEmpty {
            try run("""
                SELECT pg_advisory_xact_lock(\(Int64(PostgresSchema.seriesLockSpace) << 32) | id)
                FROM (SELECT id FROM unnest(\(unlocked)::int8[]) AS id ORDER BY id) AS s
                """)
            locked.formUnion(unlocked)
        }
        if cache.count + slots.count > Self.cachedBlocks { try flush(evicting: true) }
        try load(slots.keys.filter { cache[$0] == nil })
        var earliest = Int64.max
        for (key, changes) in slots {
            // Changed in place in the cache: a copy of each block per batch cost more than the rest.
            let written = Self.apply(changes, to: &cache[key, default: PointBlock()], earliest: &earliest)
            summary.written += written
            summary.unchanged += changes.count - written
            if written > 0 { dirty.insert(key) }
        }
        if summary.written > 0 { pointsFrom = min(pointsFrom ?? .max, earliest) }
        return summary
    }

    /// Sets the slots; returns how many changed, lowering `earliest` to the first changed time.
    private static func apply(_ changes: [(slot: Int, encoded: UInt64, time: Int64)], to block: inout PointBlock, earliest: inout Int64) -> Int {
        var written = 0
        for c in changes where block.set(c.slot, c.encoded) {
            written += 1
            earliest = min(earliest, c.time)
        }
        return written
    }

    /// About 2.3 KB each: some 50 MB of blocks at most in memory per transaction.
    static let cachedBlocks = 20_000

    /// Reads the stored blocks among `keys` into the cache (in one statement).
    private func load(_ keys: [BlockKey]) throws {
        guard !keys.isEmpty else { return }
        let wanted = Set(keys)
        let series = Array(Set(keys.map(\.series))).sorted(), days = Array(Set(keys.map(\.day))).sorted()
        for row in try run("SELECT series, day, data FROM point_block WHERE series = ANY(\(series)) AND day = ANY(\(days))") {
            let (s, d, data) = try row.decode((Int64, Int64, ByteBuffer).self)
            let key = BlockKey(series: s, day: d)
            guard wanted.contains(key) else { continue }
            cache[key] = try PointBlock(blob: Data(data.readableBytesView))
        }
    }

    /// Writes the changed blocks in one statement; `evicting` also empties the cache.
    private func flush(evicting: Bool) throws {
        if !dirty.isEmpty {
            var written: (series: [Int64], days: [Int64], data: [ByteBuffer]) = ([], [], [])
            for key in dirty {
                written.series.append(key.series)
                written.days.append(key.day)
                written.data.append(ByteBuffer(data: cache[key]!.blob))
            }
            try run("""
                INSERT INTO point_block (series, day, data)
                SELECT * FROM unnest(\(written.series)::int8[], \(written.days)::int8[], \(written.data)::bytea[])
                ON CONFLICT (series, day) DO UPDATE SET data = excluded.data
                """)
            dirty.removeAll(keepingCapacity: true)
        }
        if evicting { cache.removeAll(keepingCapacity: true) }
    }

    /// Writes the blocks still in memory, then notes what the transaction changed for live
    /// detectors, just before it commits: points
    /// from the earliest bin written, and (a row without a bin) entity metadata. The journal
    /// is locked until commit so that revisions become visible in their order (a detector that
    /// read up to revision N never later finds a smaller one); taken last, that lock is never
    /// held while waiting for a series lock.
    func finish() throws {
        try flush(evicting: true)
        guard pointsFrom != nil || metadataChanged else { return }
        try run("LOCK TABLE change_journal IN EXCLUSIVE MODE")
        if let pointsFrom { try run("INSERT INTO change_journal (earliest) VALUES (\(pointsFrom))") }
        if metadataChanged { try run("INSERT INTO change_journal (earliest) VALUES (NULL)") }
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
        if changed { metadataChanged = true }
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

    /// Writes the blocks this transaction holds first, so the delete alone decides what goes.
    func prunePoints(before: Int64, of series: some Collection<SeriesKey>) throws -> Int {
        guard !series.isEmpty else { return 0 }
        try flush(evicting: true)
        let entities = series.map(\.entity.rawValue), signals = series.map(\.signal.rawValue)
        let rows = try run("""
            WITH gone AS (
                DELETE FROM point_block b USING series s, unnest(\(entities)::text[], \(signals)::text[]) AS k(entity, signal)
                WHERE s.entity = k.entity AND s.signal = k.signal AND b.series = s.id AND b.day < \(PointBlock.start(of: before))
                RETURNING 1)
            SELECT count(*) FROM gone
            """)
        return try rows.first.map { Int(try $0.decode(Int64.self)) } ?? 0
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

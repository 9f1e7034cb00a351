import GRDB
import Foundation
import TocsinCore

/// The writes of one SQLite transaction. Series rows it creates are reported back so the
/// store can cache their ids once the transaction has committed.
final class SQLiteTransaction: StoreTransaction {
    let db: Database
    private let known: [SeriesKey: Int64]
    private(set) var created: [SeriesKey: Int64] = [:]

    init(db: Database, known: [SeriesKey: Int64]) {
        self.db = db
        self.known = known
    }

    /// Applies points block by block: consecutive points of one series and day (the usual
    /// order of imports) cost one read and one write of their block between them.
    func upsert(points: some Collection<SignalPoint>) throws -> UpsertSummary {
        let read = try db.cachedStatement(sql: "SELECT data FROM point_block WHERE series = ? AND day = ?")
        let write = try db.cachedStatement(sql: "INSERT OR REPLACE INTO point_block (series, day, data) VALUES (?, ?, ?)")
        var summary = UpsertSummary()
        var lastKey: SeriesKey?
        var seriesID: Int64 = 0
        var current: (series: Int64, day: Int64, block: PointBlock, dirty: Bool)?
        var earliest = Int64.max
        func flush() throws {
            guard let c = current, c.dirty else { return }
            try write.execute(arguments: [c.series, c.day, c.block.blob])
        }
        for point in points {
            if point.key != lastKey {
                seriesID = try self.seriesID(point.key)
                lastKey = point.key
            }
            let day = PointBlock.start(of: point.time)
            if current?.series != seriesID || current?.day != day {
                try flush()
                let stored = try Data.fetchOne(read, arguments: [seriesID, day])
                current = (seriesID, day, try stored.map { try PointBlock(blob: $0) } ?? PointBlock(), false)
            }
            if current!.block.set(PointBlock.slot(of: point.time), PointBlock.encode(point.value)) {
                current!.dirty = true
                summary.written += 1
                earliest = min(earliest, point.time)
            } else {
                summary.unchanged += 1
            }
        }
        try flush()
        if summary.written > 0 { try journal(earliest: earliest) }
        return summary
    }

    /// Notes a change for live detectors: points from `earliest` on, or (nil) entity metadata.
    private func journal(earliest: Int64?) throws {
        try db.execute(sql: "INSERT INTO change_journal (earliest) VALUES (?)", arguments: [earliest])
    }

    func upsert(entities: some Collection<Entity>) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO entity (id, name, country, access) VALUES (?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, country = excluded.country, access = excluded.access
            WHERE name != excluded.name OR country != excluded.country OR access != excluded.access
            """)
        var changed = false
        for entity in entities {
            try statement.execute(arguments: [entity.id.rawValue, entity.name, entity.country, entity.access.rawValue])
            changed = changed || db.changesCount > 0
        }
        if changed { try journal(earliest: nil) }
    }

    func save(events: some Collection<OutageEvent>) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO event (id, entity, start, "end", detected_at, scope, cause, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET entity = excluded.entity, start = excluded.start, "end" = excluded."end",
                detected_at = excluded.detected_at, scope = excluded.scope, cause = excluded.cause, body = excluded.body
            """)
        for event in events {
            try statement.execute(arguments: [
                event.id, event.entity.rawValue, event.start, event.end, event.detectedAt,
                event.scope.rawValue, event.cause.rawValue, EventsJSONLines.line(event),
            ])
        }
    }

    func deleteEvents(ids: some Collection<String>) throws {
        let statement = try db.cachedStatement(sql: "DELETE FROM event WHERE id = ?")
        for id in ids { try statement.execute(arguments: [id]) }
    }

    func replaceEvents(with events: some Collection<OutageEvent>) throws {
        try db.execute(sql: "DELETE FROM event")
        try save(events: events)
    }

    func prunePoints(before: Int64, of series: some Collection<SeriesKey>) throws -> Int {
        let statement = try db.cachedStatement(sql: """
            DELETE FROM point_block WHERE series = (SELECT id FROM series WHERE entity = ? AND signal = ?) AND day < ?
            """)
        var dropped = 0
        for key in series {
            try statement.execute(arguments: [key.entity.rawValue, key.signal.rawValue, PointBlock.start(of: before)])
            dropped += db.changesCount
        }
        return dropped
    }

    private func seriesID(_ key: SeriesKey) throws -> Int64 {
        if let id = known[key] ?? created[key] { return id }
        try db.execute(sql: "INSERT OR IGNORE INTO series (entity, signal) VALUES (?, ?)",
                       arguments: [key.entity.rawValue, key.signal.rawValue])
        let id = try Int64.fetchOne(db, sql: "SELECT id FROM series WHERE entity = ? AND signal = ?",
                                    arguments: [key.entity.rawValue, key.signal.rawValue])!
        created[key] = id
        return id
    }
}

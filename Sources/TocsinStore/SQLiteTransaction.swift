import GRDB
import TocsinCore

/// The writes of one SQLite transaction. Series rows it creates are reported back so the
/// store can cache their ids once the transaction has committed.
final class SQLiteTransaction: StoreTransaction {
    private let db: Database
    private let known: [SeriesKey: Int64]
    private(set) var created: [SeriesKey: Int64] = [:]

    init(db: Database, known: [SeriesKey: Int64]) {
        self.db = db
        self.known = known
    }

    func upsert(points: some Collection<SignalPoint>) throws -> UpsertSummary {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO point (series, time, value) VALUES (?, ?, ?)
            ON CONFLICT (series, time) DO UPDATE SET value = excluded.value
            WHERE point.value IS NOT excluded.value
            """)
        var summary = UpsertSummary()
        var lastKey: SeriesKey?
        var lastID: Int64 = 0
        for point in points {
            if point.key != lastKey {
                lastID = try seriesID(point.key)
                lastKey = point.key
            }
            statement.setUncheckedArguments([lastID, point.time, point.value])
            try statement.execute()
            if db.changesCount > 0 { summary.written += 1 } else { summary.unchanged += 1 }
        }
        return summary
    }

    func upsert(entities: some Collection<Entity>) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO entity (id, name, country, access) VALUES (?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, country = excluded.country, access = excluded.access
            """)
        for entity in entities {
            try statement.execute(arguments: [entity.id.rawValue, entity.name, entity.country, entity.access.rawValue])
        }
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

    func replaceEvents(with events: some Collection<OutageEvent>) throws {
        try db.execute(sql: "DELETE FROM event")
        try save(events: events)
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

import Foundation
import GRDB
import Synchronization
import TocsinCore

/// The embedded store: one SQLite file in WAL mode, through GRDB.
///
/// Readers never block the writer. Series ids are cached once committed, so bulk imports
/// pay for the (entity, signal) lookup once per series, not once per point.
public final class SQLiteSignalStore: SignalStore {
    let pool: DatabasePool
    /// The same pool, for the store's extensions (the webhook queue).
    var writer: DatabasePool { pool }
    private let seriesIDs = Mutex<[SeriesKey: Int64]>([:])
    public let path: String

    /// The store of a data folder (`tocsin.sqlite` in it), creating the folder if needed.
    /// A data folder that cannot be created or written is refused here, by name, before
    /// SQLite fails later with a less helpful message.
    public static func open(folder: String) throws -> SQLiteSignalStore {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw StoreFolderError(folder: folder, reason: "cannot be created (\(error.localizedDescription))")
        }
        guard access(folder, W_OK | X_OK) == 0 else {
            throw StoreFolderError(folder: folder, reason: "is not writable (\(String(cString: strerror(errno))))")
        }
        return try SQLiteSignalStore(path: (folder as NSString).appendingPathComponent("tocsin.sqlite"))
    }

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    public init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        self.path = path
        pool = try DatabasePool(path: path, configuration: config)
        try StoreSchema.migrator.migrate(pool)
    }

    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws -> T {
        let known = seriesIDs.withLock { $0 }
        let (result, created) = try await pool.write { db in
            let tx = SQLiteTransaction(db: db, known: known)
            let result = try body(tx)
            return (result, tx.created)
        }
        if !created.isEmpty { seriesIDs.withLock { $0.merge(created) { a, _ in a } } }
        return result
    }

    public func changes(after revision: Int64) async throws -> StoreChanges {
        try await pool.read { db in
            let row = try Row.fetchOne(db, sql: """
                SELECT MAX(revision), MIN(earliest), COUNT(*) - COUNT(earliest) FROM change_journal WHERE revision > ?
                """, arguments: [revision])
            guard let row, let newest = row[0] as Int64? else { return StoreChanges(revision: revision) }
            return StoreChanges(revision: newest, earliest: row[1], entities: (row[2] as Int64? ?? 0) > 0)
        }
    }

    public func series(_ key: SeriesKey, from: Int64, until: Int64) async throws -> Series {
        try await pool.read { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM series WHERE entity = ? AND signal = ?",
                                              arguments: [key.entity.rawValue, key.signal.rawValue])
            else { return Series(key: key) }
            return try Self.readSeries(db, key: key, id: id, from: from, until: until)
        }
    }

    public func allSeries(from: Int64, until: Int64) async throws -> [Series] {
        try await pool.read { db in
            var result: [Series] = []
            for row in try Row.fetchAll(db, sql: "SELECT id, entity, signal FROM series ORDER BY entity, signal") {
                guard let entity = try? EntityID(row[1] as String), let signal = try? SignalName(row[2] as String) else { continue }
                let series = try Self.readSeries(db, key: SeriesKey(entity: entity, signal: signal), id: row[0], from: from, until: until)
                if !series.isEmpty { result.append(series) }
            }
            return result
        }
    }

    /// Reads the day blocks overlapping `from..<until` (bounds clamped far from overflow).
    private static func readSeries(_ db: Database, key: SeriesKey, id: Int64, from: Int64, until: Int64) throws -> Series {
        let limit: Int64 = 1 << 50
        let lo = max(from, -limit)
        let hi = min(until, limit)
        var series = Series(key: key)
        guard lo < hi else { return series }
        // One prepared statement for every series read in this connection.
        let statement = try db.cachedStatement(sql: "SELECT day, data FROM point_block WHERE series = ? AND day >= ? AND day < ? ORDER BY day")
        let rows = try Row.fetchCursor(statement, arguments: [id, PointBlock.start(of: lo), hi])
        while let row = try rows.next() {
            let day: Int64 = row[0]
            try PointBlock(blob: row[1]).forEachSample(blockStart: day, from: lo, until: hi) { series.append(time: $0, value: $1) }
        }
        return series
    }

    public func timeRange(_ key: SeriesKey) async throws -> ClosedRange<Int64>? {
        let series = try await pool.read { db -> (Int64, Data, Int64, Data)? in
            let sql = """
                SELECT day, data FROM point_block WHERE series = (SELECT id FROM series WHERE entity = ? AND signal = ?)
                ORDER BY day
                """
            let args: StatementArguments = [key.entity.rawValue, key.signal.rawValue]
            guard let first = try Row.fetchOne(db, sql: sql + " ASC LIMIT 1", arguments: args),
                  let last = try Row.fetchOne(db, sql: sql + " DESC LIMIT 1", arguments: args)
            else { return nil }
            return (first[0], first[1], last[0], last[1])
        }
        guard let (firstDay, firstData, lastDay, lastData) = series else { return nil }
        var lo: Int64?
        var hi: Int64?
        try PointBlock(blob: firstData).forEachSample(blockStart: firstDay, from: .min, until: .max) { t, _ in lo = lo ?? t }
        try PointBlock(blob: lastData).forEachSample(blockStart: lastDay, from: .min, until: .max) { t, _ in hi = t }
        guard let lo, let hi else { return nil }
        return lo...hi
    }

    public func entities() async throws -> [Entity] {
        try await pool.read { db in
            var byID: [EntityID: Entity] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT DISTINCT entity FROM series") {
                if let id = try? EntityID(row[0] as String) { byID[id] = Entity(id: id, name: id.rawValue) }
            }
            for row in try Row.fetchAll(db, sql: "SELECT id, name, country, access FROM entity") {
                guard let id = try? EntityID(row[0] as String) else { continue }
                byID[id] = Entity(id: id, name: row[1], country: row[2], access: AccessType(rawValue: row[3]) ?? .unknown)
            }
            return byID.values.sorted { $0.id < $1.id }
        }
    }

    public func seriesKeys(entity: EntityID?) async throws -> [SeriesKey] {
        try await pool.read { db in
            let rows: [Row]
            if let entity {
                rows = try Row.fetchAll(db, sql: "SELECT entity, signal FROM series WHERE entity = ? ORDER BY signal", arguments: [entity.rawValue])
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT entity, signal FROM series ORDER BY entity, signal")
            }
            return rows.compactMap { row in
                guard let e = try? EntityID(row[0] as String), let s = try? SignalName(row[1] as String) else { return nil }
                return SeriesKey(entity: e, signal: s)
            }
        }
    }

    public func events(_ query: EventQuery) async throws -> [OutageEvent] {
        var clauses: [String] = []
        var arguments: StatementArguments = []
        if let entity = query.entity { clauses.append("entity = ?"); arguments += [entity.rawValue] }
        if let until = query.until { clauses.append("start < ?"); arguments += [until] }
        if let from = query.from { clauses.append("(\"end\" IS NULL OR \"end\" > ?)"); arguments += [from] }
        if let scope = query.scope { clauses.append("scope = ?"); arguments += [scope.rawValue] }
        if let cause = query.cause { clauses.append("cause = ?"); arguments += [cause.rawValue] }
        if query.ongoingOnly { clauses.append("\"end\" IS NULL") }
        var sql = "SELECT body FROM event"
        if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
        sql += " ORDER BY start DESC, entity"
        if let limit = query.limit { sql += " LIMIT \(max(0, limit))" }
        let bodies = try await pool.read { [sql, arguments] db in try String.fetchAll(db, sql: sql, arguments: arguments) }
        let decoder = JSONDecoder()
        return bodies.compactMap { try? decoder.decode(OutageEvent.self, from: Data($0.utf8)) }
    }
}

extension SQLiteSignalStore: DetectorLease {
    /// An SQLite database serves one instance: it always detects.
    public func holdsDetectorLease() async -> Bool { true }
}

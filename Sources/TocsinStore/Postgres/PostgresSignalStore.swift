import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization
import TocsinCore

/// The store on a PostgreSQL server, through postgres-nio: the same tables and day blocks as
/// the SQLite store, so several `tocsin serve` instances on different machines can share one
/// database.
///
/// The client's connection pool runs for as long as the store is open; `close()` ends it.
public final class PostgresSignalStore: SignalStore {
    let client: PostgresClient
    let logger: Logger
    public let url: PostgresURL
    private let running: Task<Void, Never>
    let lease: PostgresDetectorLease
    private let started: AsyncStream<Void>
    private let seriesIDs = Mutex<[SeriesKey: Int64]>([:])

    /// Connects, and brings the schema up to date; a server that cannot be reached or refuses
    /// the login is reported with the URL (without its password).
    public static func connect(_ url: PostgresURL, logger: Logger = Logger(label: "tocsin.store")) async throws -> PostgresSignalStore {
        do {
            let first = try await PostgresConnection.connect(configuration: try url.connectionConfiguration(), id: 0, logger: logger)
            do {
                try await PostgresSchema.migrate(first, logger: logger)
            } catch {
                try? await first.close()
                throw error
            }
            try await first.close()
        } catch {
            throw PostgresStoreError(url: url, reason: PostgresStoreError.reason(error))
        }
        let store = PostgresSignalStore(url: url, logger: logger)
        await store.started.first { _ in true }
        return store
    }

    private init(url: PostgresURL, logger: Logger) {
        var configuration = url.clientConfiguration
        configuration.options.maximumConnections = 8
        configuration.options.connectTimeout = .seconds(10)
        // The pool retries lost connections by itself; its retries are not news.
        var background = logger
        background.logLevel = max(logger.logLevel, .warning)
        let client = PostgresClient(configuration: configuration, backgroundLogger: background)
        self.client = client
        self.url = url
        self.logger = logger
        lease = PostgresDetectorLease(url: url, logger: logger)
        let (started, starting) = AsyncStream<Void>.makeStream()
        self.started = started
        // `run()` marks the pool running before it first suspends; waiting for this task to
        // start keeps the first query from finding it not running yet.
        running = Task {
            starting.finish()
            await client.run()
        }
    }

    /// Gives up the detector lease and ends the connection pool.
    public func close() async {
        await lease.release()
        running.cancel()
        _ = await running.value
    }

    deinit { running.cancel() }

    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws -> T {
        let known = seriesIDs.withLock { $0 }
        let logger = logger
        let (result, created) = try await client.withConnection { connection in
            try await connection.query("BEGIN", logger: logger)
            do {
                let outcome = try await NIOThreadPool.singleton.runIfActive {
                    let tx = PostgresTransaction(connection: connection, logger: logger, known: known)
                    let result = try body(tx)
                    try tx.finish()
                    return (result, tx.created)
                }
                try await connection.query("COMMIT", logger: logger)
                return outcome
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger)
                throw error
            }
        }
        if !created.isEmpty { seriesIDs.withLock { $0.merge(created) { a, _ in a } } }
        return result
    }

    /// Runs one statement outside any transaction and returns its rows.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await client.query(query, logger: logger).collect()
    }

    public func changes(after revision: Int64) async throws -> StoreChanges {
        let rows = try await rows("""
            SELECT MAX(revision), MIN(earliest), COUNT(*) - COUNT(earliest) FROM change_journal WHERE revision > \(revision)
            """)
        guard let row = rows.first else { return StoreChanges(revision: revision) }
        let (newest, earliest, metadata) = try row.decode((Int64?, Int64?, Int64).self)
        guard let newest else { return StoreChanges(revision: revision) }
        return StoreChanges(revision: newest, earliest: earliest, entities: metadata > 0)
    }

    public func series(_ key: SeriesKey, from: Int64, until: Int64) async throws -> Series {
        let (lo, hi) = Self.clamp(from, until)
        var series = Series(key: key)
        guard lo < hi else { return series }
        let rows = try await client.query("""
            SELECT b.day, b.data FROM point_block b JOIN series s ON s.id = b.series
            WHERE s.entity = \(key.entity.rawValue) AND s.signal = \(key.signal.rawValue)
              AND b.day >= \(PointBlock.start(of: lo)) AND b.day < \(hi) ORDER BY b.day
            """, logger: logger)
        for try await (day, data) in rows.decode((Int64, ByteBuffer).self) {
            try PointBlock(blob: Data(data.readableBytesView)).forEachSample(blockStart: day, from: lo, until: hi) {
                series.append(time: $0, value: $1)
            }
        }
        return series
    }

    public func allSeries(from: Int64, until: Int64) async throws -> [Series] {
        let (lo, hi) = Self.clamp(from, until)
        guard lo < hi else { return [] }
        let rows = try await client.query("""
            SELECT s.entity, s.signal, b.day, b.data FROM point_block b JOIN series s ON s.id = b.series
            WHERE b.day >= \(PointBlock.start(of: lo)) AND b.day < \(hi) ORDER BY s.entity COLLATE "C", s.signal COLLATE "C", b.day
            """, logger: logger)
        var result: [Series] = []
        var current: Series?
        var currentName: (String, String)?
        for try await (entity, signal, day, data) in rows.decode((String, String, Int64, ByteBuffer).self) {
            if currentName.map({ $0 != (entity, signal) }) ?? true {
                if let c = current, !c.isEmpty { result.append(c) }
                currentName = (entity, signal)
                // A row this store did not write (a name that no longer parses) is skipped.
                current = (try? EntityID(entity)).flatMap { e in (try? SignalName(signal)).map { Series(key: SeriesKey(entity: e, signal: $0)) } }
            }
            guard current != nil else { continue }
            try PointBlock(blob: Data(data.readableBytesView)).forEachSample(blockStart: day, from: lo, until: hi) {
                current!.append(time: $0, value: $1)
            }
        }
        if let c = current, !c.isEmpty { result.append(c) }
        return result
    }

    /// Bounds clamped far from overflow, as the SQLite store does.
    private static func clamp(_ from: Int64, _ until: Int64) -> (Int64, Int64) {
        let limit: Int64 = 1 << 50
        return (max(from, -limit), min(until, limit))
    }

    public func timeRange(_ key: SeriesKey) async throws -> ClosedRange<Int64>? {
        let series = "(SELECT id FROM series WHERE entity = $1 AND signal = $2)"
        var bounds: [Int64] = []
        for order in ["ASC", "DESC"] {
            var binds = PostgresBindings()
            binds.append(key.entity.rawValue)
            binds.append(key.signal.rawValue)
            let query = PostgresQuery(unsafeSQL: "SELECT day, data FROM point_block WHERE series = \(series) ORDER BY day \(order) LIMIT 1",
                                      binds: binds)
            guard let row = try await rows(query).first else { return nil }
            let (day, data) = try row.decode((Int64, ByteBuffer).self)
            var times: [Int64] = []
            try PointBlock(blob: Data(data.readableBytesView)).forEachSample(blockStart: day, from: .min, until: .max) { t, _ in times.append(t) }
            guard let t = order == "ASC" ? times.first : times.last else { return nil }
            bounds.append(t)
        }
        return bounds[0]...bounds[1]
    }

    public func entities() async throws -> [Entity] {
        var byID: [EntityID: Entity] = [:]
        for try await entity in try await client.query("SELECT DISTINCT entity FROM series", logger: logger).decode(String.self) {
            if let id = try? EntityID(entity) { byID[id] = Entity(id: id, name: id.rawValue) }
        }
        let rows = try await client.query("SELECT id, name, country, access FROM entity", logger: logger)
        for try await (id, name, country, access) in rows.decode((String, String, String, String).self) {
            guard let id = try? EntityID(id) else { continue }
            byID[id] = Entity(id: id, name: name, country: country, access: AccessType(rawValue: access) ?? .unknown)
        }
        return byID.values.sorted { $0.id < $1.id }
    }

    public func seriesKeys(entity: EntityID?) async throws -> [SeriesKey] {
        let query: PostgresQuery = entity.map { "SELECT entity, signal FROM series WHERE entity = \($0.rawValue) ORDER BY signal COLLATE \"C\"" }
            ?? "SELECT entity, signal FROM series ORDER BY entity COLLATE \"C\", signal COLLATE \"C\""
        var keys: [SeriesKey] = []
        for try await (e, s) in try await client.query(query, logger: logger).decode((String, String).self) {
            guard let e = try? EntityID(e), let s = try? SignalName(s) else { continue }
            keys.append(SeriesKey(entity: e, signal: s))
        }
        return keys
    }

    public func events(_ query: EventQuery) async throws -> [OutageEvent] {
        var clauses: [String] = []
        var binds = PostgresBindings()
        func bind(_ value: some PostgresDynamicTypeEncodable) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        if let entity = query.entity { clauses.append("entity = \(bind(entity.rawValue))") }
        if let until = query.until { clauses.append("start < \(bind(until))") }
        if let from = query.from { clauses.append("(\"end\" IS NULL OR \"end\" > \(bind(from)))") }
        if let scope = query.scope { clauses.append("scope = \(bind(scope.rawValue))") }
        if let cause = query.cause { clauses.append("cause = \(bind(cause.rawValue))") }
        if query.ongoingOnly { clauses.append("\"end\" IS NULL") }
        var sql = "SELECT body FROM event"
        if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
        sql += " ORDER BY start DESC, entity COLLATE \"C\""
        if let limit = query.limit { sql += " LIMIT \(max(0, limit))" }
        let decoder = JSONDecoder()
        var events: [OutageEvent] = []
        for try await body in try await client.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).decode(String.self) {
            if let event = try? decoder.decode(OutageEvent.self, from: Data(body.utf8)) { events.append(event) }
        }
        return events
    }
}

/// The PostgreSQL store cannot be opened: the server is unreachable, refuses the login, or
/// the schema cannot be brought up to date.
public struct PostgresStoreError: Error, CustomStringConvertible {
    public var url: PostgresURL
    public var reason: String
    public var description: String { "cannot open the store at \(url): \(reason)" }

    /// The server's own message where there is one (a missing database, a refused login),
    /// else what failed underneath (a refused or timed-out connection).
    static func reason(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return String(describing: error) }
        if let message = error.serverInfo?[.message] { return message }
        if let underlying = error.underlying { return String(describing: underlying) }
        return String(describing: error.code)
    }
}

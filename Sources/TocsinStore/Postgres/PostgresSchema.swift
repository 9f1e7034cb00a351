import Logging
import PostgresNIO

/// The versioned migrations of the PostgreSQL schema, applied in order, each once, under an
/// advisory lock so that instances starting together on one database do not race.
///
/// The layout is the SQLite store's (`StoreSchema`): points in day blocks keyed by (series,
/// day), events as their JSON line, the change journal that live detectors follow.
enum PostgresSchema {
    /// Advisory lock keys of this schema: (namespace, key) pairs for `pg_advisory_xact_lock`.
    static let migrationLock: (Int32, Int32) = (7_401, 0)
    static let seriesLockSpace: Int32 = 7_402

    static let migrations: [(version: String, sql: [String])] = [
        ("v1", [
            """
            CREATE TABLE entity (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                country TEXT NOT NULL,
                access TEXT NOT NULL
            )
            """,
            """
            CREATE TABLE series (
                id BIGSERIAL PRIMARY KEY,
                entity TEXT NOT NULL,
                signal TEXT NOT NULL,
                UNIQUE (entity, signal)
            )
            """,
            """
            CREATE TABLE point_block (
                series BIGINT NOT NULL REFERENCES series(id),
                day BIGINT NOT NULL,
                data BYTEA NOT NULL,
                PRIMARY KEY (series, day)
            )
            """,
            """
            CREATE TABLE event (
                id TEXT PRIMARY KEY,
                entity TEXT NOT NULL,
                start BIGINT NOT NULL,
                "end" BIGINT,
                detected_at BIGINT NOT NULL,
                scope TEXT NOT NULL,
                cause TEXT NOT NULL,
                body TEXT NOT NULL
            )
            """,
            "CREATE INDEX event_by_entity ON event(entity, start)",
            "CREATE INDEX event_by_start ON event(start)",
            """
            CREATE TABLE webhook_delivery (
                id BIGSERIAL PRIMARY KEY,
                hook TEXT NOT NULL,
                event TEXT NOT NULL,
                version TEXT NOT NULL,
                body TEXT NOT NULL,
                attempts BIGINT NOT NULL DEFAULT 0,
                next_attempt BIGINT NOT NULL,
                delivered_at BIGINT,
                UNIQUE (hook, event, version)
            )
            """,
            "CREATE INDEX webhook_pending ON webhook_delivery(delivered_at, next_attempt)",
            """
            CREATE TABLE probe_block (
                prefix TEXT PRIMARY KEY,
                family BIGINT NOT NULL,
                position BIGINT NOT NULL,
                hosts BYTEA NOT NULL,
                availability DOUBLE PRECISION NOT NULL,
                up BOOLEAN NOT NULL,
                changed_at BIGINT
            )
            """,
            "CREATE INDEX probe_block_by_family ON probe_block(family, position)",
            """
            CREATE TABLE probe_change (
                id BIGSERIAL PRIMARY KEY,
                prefix TEXT NOT NULL,
                up BOOLEAN NOT NULL,
                time BIGINT NOT NULL,
                asn BIGINT,
                country TEXT,
                region TEXT,
                access TEXT
            )
            """,
            "CREATE INDEX probe_change_by_asn ON probe_change(asn, time)",
            "CREATE INDEX probe_change_by_country ON probe_change(country, time)",
            "CREATE INDEX probe_change_by_region ON probe_change(region, time)",
            """
            CREATE TABLE signal_fault (
                entity TEXT NOT NULL,
                signal TEXT NOT NULL,
                start BIGINT NOT NULL,
                "end" BIGINT,
                drop_fraction DOUBLE PRECISION NOT NULL,
                held TEXT NOT NULL
            )
            """,
            "CREATE INDEX signal_fault_by_entity ON signal_fault(entity, start)",
            """
            CREATE TABLE change_journal (
                revision BIGSERIAL PRIMARY KEY,
                earliest BIGINT
            )
            """,
        ]),
    ]

    /// Brings the database's schema up to date, in one transaction on `connection`.
    static func migrate(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("BEGIN", logger: logger)
        do {
            try await connection.query(
                "SELECT pg_advisory_xact_lock(\(migrationLock.0), \(migrationLock.1))", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS tocsin_migration (version TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                logger: logger)
            var applied = Set<String>()
            for try await version in try await connection.query("SELECT version FROM tocsin_migration", logger: logger)
                .decode(String.self) {
                applied.insert(version)
            }
            for migration in migrations where !applied.contains(migration.version) {
                for statement in migration.sql {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO tocsin_migration (version) VALUES (\(migration.version))", logger: logger)
            }
            try await connection.query("COMMIT", logger: logger)
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
        }
    }
}

import GRDB

/// The one migrator that builds and evolves the SQLite schema.
///
/// Points live in day blocks (`PointBlock`) in a `WITHOUT ROWID` table keyed by
/// (series, day), so a range query of one series reads one contiguous stretch of the B-tree.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE entity (
                    id TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    country TEXT NOT NULL,
                    access TEXT NOT NULL
                );
                CREATE TABLE series (
                    id INTEGER PRIMARY KEY,
                    entity TEXT NOT NULL,
                    signal TEXT NOT NULL,
                    UNIQUE (entity, signal)
                );
                CREATE TABLE point_block (
                    series INTEGER NOT NULL REFERENCES series(id),
                    day INTEGER NOT NULL,
                    data BLOB NOT NULL,
                    PRIMARY KEY (series, day)
                ) WITHOUT ROWID;
                CREATE TABLE event (
                    id TEXT PRIMARY KEY NOT NULL,
                    entity TEXT NOT NULL,
                    start INTEGER NOT NULL,
                    "end" INTEGER,
                    detected_at INTEGER NOT NULL,
                    scope TEXT NOT NULL,
                    cause TEXT NOT NULL,
                    body TEXT NOT NULL
                );
                CREATE INDEX event_by_entity ON event(entity, start);
                CREATE INDEX event_by_start ON event(start);
                """)
        }
        migrator.registerMigration("v2-webhooks") { db in
            try db.execute(sql: """
                CREATE TABLE webhook_delivery (
                    id INTEGER PRIMARY KEY,
                    hook TEXT NOT NULL,
                    event TEXT NOT NULL,
                    version TEXT NOT NULL,
                    body TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt INTEGER NOT NULL,
                    delivered_at INTEGER,
                    UNIQUE (hook, event, version)
                );
                CREATE INDEX webhook_pending ON webhook_delivery(delivered_at, next_attempt);
                """)
        }
        return migrator
    }
}

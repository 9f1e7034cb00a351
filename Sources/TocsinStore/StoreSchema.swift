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
        migrator.registerMigration("v3-probing") { db in
            // Blocks keep their census results and last state; changes are the evidence.
            try db.execute(sql: """
                CREATE TABLE probe_block (
                    prefix TEXT PRIMARY KEY NOT NULL,
                    family INTEGER NOT NULL,
                    hosts BLOB NOT NULL,
                    availability REAL NOT NULL,
                    up INTEGER NOT NULL,
                    changed_at INTEGER
                );
                CREATE INDEX probe_block_by_family ON probe_block(family);
                CREATE TABLE probe_change (
                    id INTEGER PRIMARY KEY,
                    prefix TEXT NOT NULL,
                    up INTEGER NOT NULL,
                    time INTEGER NOT NULL,
                    asn INTEGER,
                    country TEXT,
                    access TEXT
                );
                CREATE INDEX probe_change_by_asn ON probe_change(asn, time);
                CREATE INDEX probe_change_by_country ON probe_change(country, time);
                """)
        }
        migrator.registerMigration("v4-probing-regions") { db in
            try db.execute(sql: """
                ALTER TABLE probe_change ADD COLUMN region TEXT;
                CREATE INDEX probe_change_by_region ON probe_change(region, time);
                """)
        }
        migrator.registerMigration("v5-signal-faults") { db in
            // Drops of one signal that the entity's other signals did not share: shown, not raised.
            try db.execute(sql: """
                CREATE TABLE signal_fault (
                    entity TEXT NOT NULL,
                    signal TEXT NOT NULL,
                    start INTEGER NOT NULL,
                    "end" INTEGER,
                    drop_fraction REAL NOT NULL,
                    held TEXT NOT NULL
                );
                CREATE INDEX signal_fault_by_entity ON signal_fault(entity, start);
                """)
        }
        migrator.registerMigration("v6-change-journal") { db in
            // One row per write that changed points (the earliest bin it touched) or entity
            // metadata (earliest NULL): what a live detector must look at again.
            try db.execute(sql: """
                CREATE TABLE change_journal (
                    revision INTEGER PRIMARY KEY AUTOINCREMENT,
                    earliest INTEGER
                );
                """)
        }
        return migrator
    }
}

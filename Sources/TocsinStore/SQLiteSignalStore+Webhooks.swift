import GRDB

extension SQLiteSignalStore: WebhookQueue {
    public func enqueue(_ deliveries: [WebhookDelivery]) async throws {
        try await writer.write { db in
            for d in deliveries {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO webhook_delivery (hook, event, version, body, attempts, next_attempt)
                    VALUES (?, ?, ?, ?, 0, ?)
                    """, arguments: [d.hook, d.event, d.version, d.body, d.nextAttempt])
            }
        }
    }

    public func dueDeliveries(now: Int64, limit: Int) async throws -> [WebhookDelivery] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, hook, event, version, body, attempts, next_attempt FROM webhook_delivery
                WHERE delivered_at IS NULL AND next_attempt <= ? ORDER BY id LIMIT ?
                """, arguments: [now, limit]).map { row in
                WebhookDelivery(id: row[0], hook: row[1], event: row[2], version: row[3], body: row[4], attempts: row[5], nextAttempt: row[6])
            }
        }
    }

    public func markDelivered(id: Int64, at time: Int64) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE webhook_delivery SET delivered_at = ?, attempts = attempts + 1 WHERE id = ?", arguments: [time, id])
        }
    }

    public func markFailed(id: Int64, nextAttempt: Int64) async throws {
        try await writer.write { db in
            try db.execute(sql: "UPDATE webhook_delivery SET attempts = attempts + 1, next_attempt = ? WHERE id = ?", arguments: [nextAttempt, id])
        }
    }
}

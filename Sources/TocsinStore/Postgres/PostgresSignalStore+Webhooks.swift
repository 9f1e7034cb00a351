import PostgresNIO

extension PostgresSignalStore: WebhookQueue {
    public func enqueue(_ deliveries: [WebhookDelivery]) async throws {
        for d in deliveries {
            try await client.query("""
                INSERT INTO webhook_delivery (hook, event, version, body, attempts, next_attempt)
                VALUES (\(d.hook), \(d.event), \(d.version), \(d.body), 0, \(d.nextAttempt))
                ON CONFLICT (hook, event, version) DO NOTHING
                """, logger: logger)
        }
    }

    public func dueDeliveries(now: Int64, limit: Int) async throws -> [WebhookDelivery] {
        let rows = try await client.query("""
            SELECT id, hook, event, version, body, attempts, next_attempt FROM webhook_delivery
            WHERE delivered_at IS NULL AND next_attempt <= \(now) ORDER BY id LIMIT \(Int64(limit))
            """, logger: logger)
        var due: [WebhookDelivery] = []
        for try await (id, hook, event, version, body, attempts, next) in rows.decode((Int64, String, String, String, String, Int64, Int64).self) {
            due.append(WebhookDelivery(id: id, hook: hook, event: event, version: version, body: body, attempts: Int(attempts), nextAttempt: next))
        }
        return due
    }

    public func markDelivered(id: Int64, at time: Int64) async throws {
        try await client.query("UPDATE webhook_delivery SET delivered_at = \(time), attempts = attempts + 1 WHERE id = \(id)", logger: logger)
    }

    public func markFailed(id: Int64, nextAttempt: Int64) async throws {
        try await client.query("UPDATE webhook_delivery SET attempts = attempts + 1, next_attempt = \(nextAttempt) WHERE id = \(id)", logger: logger)
    }
}

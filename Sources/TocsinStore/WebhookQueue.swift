/// Alerts waiting to be delivered to webhooks, kept in the store so a restart loses none and
/// sends none twice: one delivery per (hook, event, version), marked when the receiver
/// accepted it.
public protocol WebhookQueue: Sendable {
    /// Queues deliveries; ones already queued (same hook, event, version) are left alone.
    func enqueue(_ deliveries: [WebhookDelivery]) async throws
    /// Deliveries not yet accepted whose next attempt is due.
    func dueDeliveries(now: Int64, limit: Int) async throws -> [WebhookDelivery]
    func markDelivered(id: Int64, at: Int64) async throws
    /// Records a failed attempt and when to try again.
    func markFailed(id: Int64, nextAttempt: Int64) async throws
}

/// One alert for one webhook.
public struct WebhookDelivery: Sendable, Hashable {
    public var id: Int64?
    public var hook: String
    public var event: String
    /// `open` when raised, `closed` when ended.
    public var version: String
    public var body: String
    public var attempts: Int
    public var nextAttempt: Int64

    public init(id: Int64? = nil, hook: String, event: String, version: String, body: String, attempts: Int = 0, nextAttempt: Int64) {
        self.id = id
        self.hook = hook
        self.event = event
        self.version = version
        self.body = body
        self.attempts = attempts
        self.nextAttempt = nextAttempt
    }
}

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import TocsinCore
import TocsinStore

/// Sends each event's alerts to the configured webhooks: once when an event is raised
/// (`open`) and once when it ends (`closed`), as JSON with an `X-Tocsin-Signature:
/// sha256=<HMAC-SHA256 of the body with the hook's secret>` header. Deliveries wait in the
/// store's queue, so a restart neither loses nor repeats one; failures are retried with
/// exponential backoff (5 s doubling, at most 10 min).
public struct WebhookDispatcher: Sendable {
    public let hooks: [ObservatoryConfig.Webhook]
    public let store: any SignalStore & WebhookQueue
    let logger: Logger

    public init(hooks: [ObservatoryConfig.Webhook], store: any SignalStore & WebhookQueue, logger: Logger) {
        self.hooks = hooks
        self.store = store
        self.logger = logger
    }

    /// Queues what is new, then delivers what is due.
    public func run(now: Int64 = Int64(Date().timeIntervalSince1970)) async throws {
        guard !hooks.isEmpty else { return }
        let events = try await store.events(EventQuery(limit: 1000))
        let names = Entity.displayNames(try await store.entities())
        var queued: [WebhookDelivery] = []
        for hook in hooks {
            for event in events where hook.matches(event.entity) {
                let version = event.end == nil ? "open" : "closed"
                queued.append(WebhookDelivery(hook: hook.url, event: event.id, version: version,
                                              body: Self.body(event, version: version, name: names[event.entity]), nextAttempt: now))
            }
        }
        try await store.enqueue(queued)
        for delivery in try await store.dueDeliveries(now: now, limit: 100) {
            guard let id = delivery.id, let hook = hooks.first(where: { $0.url == delivery.hook }), let url = URL(string: hook.url) else { continue }
            var request = URLRequest(url: url, timeoutInterval: 10)
            request.httpMethod = "POST"
            request.httpBody = Data(delivery.body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.setValue("sha256=" + WebhookSignature.hex(key: hook.secret ?? "", message: delivery.body), forHTTPHeaderField: "X-Tocsin-Signature")
            request.setValue(String(id), forHTTPHeaderField: "X-Tocsin-Delivery")
            let accepted: Bool
            do {
                let (_, response) = try await URLSession.shared.data(for: request)
                accepted = ((response as? HTTPURLResponse)?.statusCode ?? 0) / 100 == 2
            } catch {
                accepted = false
            }
            if accepted {
                try await store.markDelivered(id: id, at: now)
            } else {
                let wait = min(600, 5 << min(delivery.attempts, 10))
                try await store.markFailed(id: id, nextAttempt: now + Int64(wait))
                logger.warning("webhook \(hook.url): delivery \(id) failed, retrying in \(wait) s")
            }
        }
    }

    /// `{"version": "open"|"closed", "text": <alert sentence>, "event": <the event>}`
    static func body(_ event: OutageEvent, version: String, name: String?) -> String {
        "{\"event\":\(EventsJSONLines.line(event)),\"text\":\(jsonString(AlertText.sentence(event, name: name))),\"version\":\"\(version)\"}"
    }

    static func jsonString(_ s: String) -> String {
        let data = (try? JSONEncoder().encode(s)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

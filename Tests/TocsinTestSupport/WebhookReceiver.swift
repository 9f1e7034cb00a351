import Hummingbird
import NIOCore
import Synchronization

/// What a webhook receiver was sent.
public final class ReceivedAlerts: Sendable {
    public struct Alert: Sendable {
        public var body: String
        public var signature: String?
        public var delivery: String?
    }

    private let alerts = Mutex<[Alert]>([])
    public init() {}
    public func append(_ a: Alert) { alerts.withLock { $0.append(a) } }
    public var all: [Alert] { alerts.withLock { $0 } }
}

/// A webhook receiver on a free loopback port: it answers 200 to every POST to `/hook`.
public struct WebhookReceiver: Sendable {
    public let port: Int
    let task: Task<Void, any Error>

    public static func start(_ log: ReceivedAlerts) async throws -> WebhookReceiver {
        let router = Router()
        router.post("/hook") { request, _ -> HTTPResponse.Status in
            var request = request
            let body = String(buffer: try await request.collectBody(upTo: 1 << 20))
            func header(_ name: String) -> String? { request.headers.first { $0.name.canonicalName == name }?.value }
            log.append(.init(body: body, signature: header("x-tocsin-signature"), delivery: header("x-tocsin-delivery")))
            return .ok
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) })
        let task = Task { try await app.runService() }
        for await p in ports { return WebhookReceiver(port: p, task: task) }
        throw CancellationError()
    }

    public func stop() async {
        task.cancel()
        _ = await task.result
    }
}

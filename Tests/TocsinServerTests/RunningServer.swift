import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TocsinServer
import TocsinStore

/// A real observatory listening on a free loopback port for the length of a test.
struct RunningServer {
    let port: Int
    let task: Task<Void, any Error>

    static func start(config: ObservatoryConfig, store: any ObservatoryStore) async throws -> RunningServer {
        var config = config
        config.listen = .init()
        config.listen.port = 0
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let observatory = Observatory(config: config, store: store)
        let task = Task { try await observatory.run { continuation.yield($0) } }
        let timeout = Task {
            try await Task.sleep(for: .seconds(20))
            continuation.finish()
        }
        defer { timeout.cancel() }
        for await port in ports { return RunningServer(port: port, task: task) }
        task.cancel()
        throw URLError(.timedOut)
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }

    /// Sends a request; returns the status and body.
    func request(_ path: String, method: String = "GET", body: String? = nil, headers: [String: String] = [:]) async throws -> (status: Int, body: String, contentType: String?) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.timeoutInterval = 20
        if let body { request.httpBody = Data(body.utf8) }
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        return (http.statusCode, String(decoding: data, as: UTF8.self), http.value(forHTTPHeaderField: "Content-Type"))
    }

    func json(_ path: String) async throws -> Any {
        let r = try await request(path)
        return try JSONSerialization.jsonObject(with: Data(r.body.utf8))
    }
}

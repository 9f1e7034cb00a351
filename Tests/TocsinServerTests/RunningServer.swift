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
        // The signing key lives in the data folder: never the working directory's.
        if config.data == ObservatoryConfig().data {
            config.data = (NSTemporaryDirectory() as NSString).appendingPathComponent("tocsin-server-\(UUID().uuidString)")
        }
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
        let r = try await exchange(path, method: method, body: body.map { Data($0.utf8) }, headers: headers)
        return (r.status, String(decoding: r.body, as: UTF8.self), r.headers["content-type"])
    }

    /// Sends a request; returns the status, the raw body and every response header (names in lower case).
    func exchange(_ path: String, method: String = "GET", body: Data? = nil, headers: [String: String] = [:]) async throws
        -> (status: Int, body: Data, headers: [String: String]) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        request.timeoutInterval = 20
        request.httpBody = body
        for (k, v) in headers { request.setValue(v, forHTTPHeaderField: k) }
        let (data, response) = try await Self.session.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (k, v) in http.allHeaderFields { if let k = k as? String, let v = v as? String { fields[k.lowercased()] = v } }
        return (http.statusCode, data, fields)
    }

    /// A session that keeps no cookies: each request stands alone (a `?lang=` cookie would
    /// otherwise follow every later request to 127.0.0.1, of every test).
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpShouldSetCookies = false
        configuration.httpCookieStorage = nil
        return URLSession(configuration: configuration)
    }()

    func json(_ path: String) async throws -> Any {
        let r = try await request(path)
        return try JSONSerialization.jsonObject(with: Data(r.body.utf8))
    }
}

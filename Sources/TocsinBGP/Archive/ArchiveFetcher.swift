import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Downloads one archive file to a local path.
public protocol ArchiveFetcher: Sendable {
    /// `.notFound` when the server says the file is not there (yet).
    func fetch(_ url: String, to path: String) async throws -> ArchiveFetchResult
}

public enum ArchiveFetchResult: Sendable, Equatable {
    case saved(bytes: Int)
    case notFound
}

/// A download that failed for another reason than absence (network, server error).
public struct ArchiveFetchError: Error, Sendable, CustomStringConvertible {
    public var url: String
    public var reason: String
    public var description: String { "\(url): \(reason)" }
}

/// Fetches over HTTP(S) with URLSession, writing to a temporary name then renaming, so a
/// half-written file is never taken for a finished one.
public struct HTTPArchiveFetcher: ArchiveFetcher {
    public var timeout: TimeInterval

    public init(timeout: TimeInterval = 120) { self.timeout = timeout }

    public func fetch(_ url: String, to path: String) async throws -> ArchiveFetchResult {
        guard let address = URL(string: url) else { throw ArchiveFetchError(url: url, reason: "not a URL") }
        var request = URLRequest(url: address)
        request.timeoutInterval = timeout
        let (data, response): (Data, URLResponse)
        do { (data, response) = try await URLSession.shared.data(for: request) } catch {
            throw ArchiveFetchError(url: url, reason: "\(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        if status == 404 { return .notFound }
        guard status == 200 else { throw ArchiveFetchError(url: url, reason: "HTTP \(status)") }
        let partial = path + ".partial"
        do {
            try data.write(to: URL(fileURLWithPath: partial))
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: partial, toPath: path)
        } catch {
            throw ArchiveFetchError(url: url, reason: "cannot save to \(path): \(error)")
        }
        return .saved(bytes: data.count)
    }
}

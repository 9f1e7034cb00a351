import Foundation
import PostgresNIO

/// Where a PostgreSQL store lives: `postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE`, with
/// `?sslmode=disable` (the default on loopback), `prefer` or `require` as libpq spells them.
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var sslMode: SSLMode

    public enum SSLMode: String, Sendable, Hashable {
        case disable, prefer, require
    }

    /// Whether `text` names a PostgreSQL store rather than a data folder.
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }

    public init(_ text: String) throws(PostgresURLError) {
        guard Self.isPostgres(text), let c = URLComponents(string: text) else {
            throw PostgresURLError(url: Self.redacted(text), reason: "not a postgresql://USER@HOST:PORT/DATABASE URL")
        }
        guard let host = c.host, !host.isEmpty else { throw PostgresURLError(url: Self.redacted(text), reason: "names no host") }
        guard let user = c.user, !user.isEmpty else { throw PostgresURLError(url: Self.redacted(text), reason: "names no user") }
        let database = String(c.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw PostgresURLError(url: Self.redacted(text), reason: "names no database (…/DATABASE)")
        }
        let port = c.port ?? 5432
        guard (1...65535).contains(port) else { throw PostgresURLError(url: Self.redacted(text), reason: "port \(port) is out of range") }
        var mode = SSLMode.disable
        for item in c.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let m = item.value.flatMap(SSLMode.init(rawValue:)) else {
                    throw PostgresURLError(url: Self.redacted(text), reason: "sslmode must be disable, prefer or require")
                }
                mode = m
            default:
                throw PostgresURLError(url: Self.redacted(text), reason: "unknown parameter \(item.name)")
            }
        }
        self.host = host
        self.port = port
        self.user = user.removingPercentEncoding ?? user
        self.password = c.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database.removingPercentEncoding ?? database
        self.sslMode = mode
    }

    /// The URL without its password, for logs and errors.
    public var description: String {
        "postgresql://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)"
    }

    var clientConfiguration: PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(.makeClientConfiguration())
        case .require: tls = .require(.makeClientConfiguration())
        }
        return PostgresClient.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
    }

    /// One connection, for the first contact: it fails at once where the pool would retry.
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch sslMode {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(try .init(configuration: .makeClientConfiguration()))
        case .require: tls = .require(try .init(configuration: .makeClientConfiguration()))
        }
        var configuration = PostgresConnection.Configuration(host: host, port: port, username: user, password: password, database: database, tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        return configuration
    }

    private static func redacted(_ text: String) -> String {
        guard var c = URLComponents(string: text), c.password != nil else { return text }
        c.password = "***"
        return c.string ?? text
    }
}

/// A store URL that cannot be used, and why.
public struct PostgresURLError: Error, CustomStringConvertible, Equatable {
    public var url: String
    public var reason: String
    public var description: String { "the store URL \(url) \(reason)" }
}

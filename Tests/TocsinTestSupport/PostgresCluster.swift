import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A throw-away PostgreSQL cluster for the tests of one process: `initdb` in a temporary
/// folder, the server on a free loopback port with its socket in that folder, durability off
/// (a test database is never kept), stopped by PID when the process exits.
///
/// Run as root (CI), the server runs as Debian's `postgres` user, which it insists on.
public final class PostgresCluster: @unchecked Sendable {
    public let port: Int
    public let folder: String
    private let server: Daemon
    private let counter = NSLock()
    nonisolated(unsafe) private var made = 0

    /// The cluster of this process, started at the first call.
    public static func shared() throws -> PostgresCluster {
        lock.lock()
        defer { lock.unlock() }
        if let running = current { return running }
        let cluster = try PostgresCluster()
        current = cluster
        atexit { PostgresCluster.current?.server.stop() }
        return cluster
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var current: PostgresCluster?

    /// Where Debian keeps the server programs (the newest version installed).
    static func programs() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        guard let newest = versions.last else {
            throw DaemonError(reason: "PostgreSQL is not installed (\(root) is empty): apt-get install postgresql")
        }
        return "\(root)/\(newest)/bin"
    }

    private init() throws {
        let bin = try Self.programs()
        folder = NSTemporaryDirectory() + "tocsin-pg-\(UUID().uuidString.prefix(8))"
        let data = folder + "/data"
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        var runAs: [String] = []
        if geteuid() == 0 {
            guard let user = getpwnam("postgres") else { throw DaemonError(reason: "no postgres user to run the server as") }
            for path in [folder, data] { chown(path, user.pointee.pw_uid, user.pointee.pw_gid) }
            runAs = ["/usr/bin/setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"]
        }
        let initdb = try ExternalTool.run(runAs.first ?? "\(bin)/initdb",
                                          Array(runAs.dropFirst()) + (runAs.isEmpty ? [] : ["\(bin)/initdb"])
                                              + ["-D", data, "-U", "tocsin", "-A", "trust", "-E", "UTF8", "--no-sync"], timeout: 120)
        guard initdb.status == 0 else { throw DaemonError(reason: "initdb failed: \(initdb.stderr)") }
        port = freeLoopbackPort()
        let options = ["-D", data, "-p", "\(port)", "-k", folder, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
                       "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200"]
        // The test process may end without running its exit handlers (a crash, a kill, the
        // runner's own exit): a watcher ends the server (fast shutdown) and removes its files
        // once the process is gone.
        let command = (runAs + ["\(bin)/postgres"] + options).map { "'\($0)'" }.joined(separator: " ")
        let watcher = """
            \(command) & server=$!
            while kill -0 \(getpid()) 2>/dev/null && kill -0 $server 2>/dev/null; do sleep 1; done
            kill -INT $server 2>/dev/null; wait $server; rm -rf '\(folder)'
            """
        server = try Daemon("postgres", "/bin/sh", ["-c", watcher], log: folder + "/server.log", limit: 3_600)
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if try ExternalTool.run("\(bin)/pg_isready", ["-h", "127.0.0.1", "-p", "\(port)", "-U", "tocsin", "-d", "postgres"], timeout: 10).status == 0 {
                return
            }
            guard server.isRunning else { throw DaemonError(reason: "the PostgreSQL server exited: \(server.output)") }
            usleep(100_000)
        }
        server.stop()
        throw DaemonError(reason: "the PostgreSQL server did not accept connections within 30 s: \(server.output)")
    }

    /// A new, empty database on the cluster, as a store URL.
    public func newDatabase() throws -> String {
        let name: String = counter.withLock {
            made += 1
            return "tocsin_test_\(getpid())_\(made)"
        }
        try psql("CREATE DATABASE \(name)")
        return "postgresql://tocsin@127.0.0.1:\(port)/\(name)"
    }

    /// Runs SQL as the cluster's superuser on the `postgres` database; returns its output.
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres") throws -> String {
        let result = try ExternalTool.run("\(try Self.programs())/psql",
                                          ["-h", "127.0.0.1", "-p", "\(port)", "-U", "tocsin", "-d", database, "-At", "-v", "ON_ERROR_STOP=1", "-c", sql],
                                          timeout: 60)
        guard result.status == 0 else { throw DaemonError(reason: "psql \(sql): \(result.stderr)") }
        return result.stdout
    }
}

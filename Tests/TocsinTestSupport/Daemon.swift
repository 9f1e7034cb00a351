import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A peer program (BIRD, FRR, GoBGP...) started by a test in the background, bounded in
/// time (`timeout -k`), in a process group of its own, its output in a log file, stopped by
/// PID (the whole group) and reaped with `waitpid`.
public final class Daemon: @unchecked Sendable {
    public let name: String
    public let log: String
    public let pid: pid_t
    private var exited = false
    private let lock = NSLock()

    /// Starts `program` with `arguments`; it is killed after `limit` seconds whatever happens.
    public init(_ name: String, _ program: String, _ arguments: [String], log: String, limit: Int = 120) throws {
        self.name = name
        self.log = log
        let argv = ["/usr/bin/timeout", "-k", "2", "\(limit)", ExternalTool.find(program) ?? program] + arguments
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The test runner's threads block signals; a child would inherit that mask and never
        // see the SIGTERM that asks it to write its files and go. Clear it, and the handlers.
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var none = sigset_t(), defaults = sigset_t()
        sigemptyset(&none)
        sigemptyset(&defaults)
        for s in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { for a in cArguments { free(a) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, argv[0], &actions, &attributes, cArguments, environ)
        guard status == 0 else { throw DaemonError(reason: "cannot start \(program): \(String(cString: strerror(status)))") }
        pid = child
    }

    public var isRunning: Bool {
        lock.lock(); defer { lock.unlock() }
        return !reap(block: false)
    }

    /// SIGTERM to the group, up to 5 s to go, then SIGKILL.
    public func stop() {
        lock.lock(); defer { lock.unlock() }
        guard !reap(block: false) else { return }
        kill(-pid, SIGTERM)
        for _ in 0..<250 {
            if reap(block: false) { kill(-pid, SIGKILL); return }
            usleep(20_000)
        }
        kill(-pid, SIGKILL)
        _ = reap(block: true)
    }

    /// True once the child has exited (and is reaped).
    private func reap(block: Bool) -> Bool {
        if exited { return true }
        var status: Int32 = 0
        let r = waitpid(pid, &status, block ? 0 : WNOHANG)
        if r == pid || r < 0 { exited = true }
        return exited
    }

    public var output: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

    deinit { stop() }
}

public struct DaemonError: Error, CustomStringConvertible {
    public let reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Polls `condition` every 200 ms until it holds or `seconds` pass.
public func waitUntil(seconds: Double, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(200))
    }
    return try await condition()
}

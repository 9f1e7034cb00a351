import Logging
import PostgresNIO

/// The detector lease on PostgreSQL: a session advisory lock held on a connection of its own.
///
/// PostgreSQL releases the lock when that session ends, so an instance killed outright
/// (SIGKILL, a lost machine: its connection closes) frees the lease at once, and the next
/// instance to ask takes it. While holding, each ask checks the session is still alive; a
/// lost connection means a lost lease, and the instance stands by until it can take it again.
actor PostgresDetectorLease {
    static let key: (Int32, Int32) = (7_403, 0)

    let url: PostgresURL
    let logger: Logger
    private var session: PostgresConnection?

    init(url: PostgresURL, logger: Logger) {
        self.url = url
        self.logger = logger
    }

    func holds() async -> Bool {
        if let session {
            do {
                _ = try await session.query("SELECT 1", logger: logger).collect()
                return true
            } catch {
                logger.warning("the detector lease's connection to \(url) was lost: standing by")
                try? await session.close()
                self.session = nil
            }
        }
        do {
            let connection = try await PostgresConnection.connect(configuration: try url.connectionConfiguration(), id: 1, logger: logger)
            let taken = try await connection.query("SELECT pg_try_advisory_lock(\(Self.key.0), \(Self.key.1))", logger: logger)
                .collect().first?.decode(Bool.self) ?? false
            guard taken else {
                try? await connection.close()
                return false
            }
            session = connection
            logger.info("this instance took the detector lease on \(url)")
            return true
        } catch {
            logger.warning("cannot ask \(url) for the detector lease: \(PostgresStoreError.reason(error))")
            return false
        }
    }

    func release() async {
        try? await session?.close()
        session = nil
    }
}

extension PostgresSignalStore: DetectorLease {
    public func holdsDetectorLease() async -> Bool { await lease.holds() }
}

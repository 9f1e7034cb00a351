import Dispatch
import Synchronization

/// Waits, on a thread that may block, for asynchronous work to finish.
///
/// `SignalStore.transaction` takes a synchronous body (SQLite's transactions are), so the
/// PostgreSQL store runs that body on a thread of NIO's blocking pool and each statement it
/// makes waits here for the connection's answer. Never call this from the concurrency
/// pool's threads: it would hold one of them while the work it waits for needs one.
enum BlockingWait {
    static func result<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let result: Result<T, any Error>
            do { result = .success(try await work()) } catch { result = .failure(error) }
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try outcome.withLock { $0! }.get()
    }
}

import Logging
import ServiceLifecycle

/// Runs a piece of work every `interval` seconds until graceful shutdown.
/// A failed run is logged and the next one goes ahead.
struct PeriodicTask: Service {
    let name: String
    let interval: Double
    let logger: Logger
    let work: @Sendable () async throws -> Void

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { try await work() } catch is CancellationError { return } catch {
                    logger.error("\(name) failed: \(error)")
                }
                try? await Task.sleep(for: .milliseconds(Int(interval * 1000)))
            }
        }
    }
}

import ArgumentParser
import Foundation
import TocsinCore
import TocsinStore

/// `tocsin prune`: apply a retention to the store's points once (what `serve` does hourly
/// with `store.retention_days`).
struct Prune: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Drop stored points older than a number of days (events and faults are kept).",
        discussion: "Whole UTC days before the cutoff go. At least \(PointRetention.minimumDays) days must stay: the detector reads four weeks back."
    )

    @OptionGroup var store: StoreOptions
    @Option(name: .customLong("keep-days"), help: "Days of points to keep, counted back from the start of today (UTC).")
    var keepDays: Int
    @Option(help: "Prune as if it were this time: Unix seconds or RFC 3339 (default: now).", transform: ArgumentParsers.time)
    var now: Int64?

    func run() async throws {
        let retention: PointRetention
        do { retention = try PointRetention(days: keepDays) } catch { throw ValidationError(error.description) }
        let store = try await store.openStore()
        let now = now ?? Int64(Date().timeIntervalSince1970)
        let blocks: Int
        do { blocks = try await retention.prune(store, now: now) } catch {
            await store.close()
            throw error
        }
        await store.close()
        print("dropped \(blocks) day blocks of points before \(UTCTime.format(retention.cutoff(now: now)))")
    }
}

import ArgumentParser
import Foundation
import TocsinBGP
import TocsinCore
import TocsinStore

/// `tocsin ingest`: turn raw measurements into signals in the store.
struct Ingest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Turn raw measurements (MRT routing archives, access logs) into signals in the store.",
        subcommands: [IngestMRT.self, IngestLogs.self]
    )
}

/// Options shared by everything that computes the `bgp` signals.
struct VisibilityOptions: ParsableArguments {
    @Option(name: .customLong("full-feed-ipv4"), help: "A peer routing more IPv4 prefixes than this is a full-feed peer.")
    var fullFeedIPv4 = 400_000
    @Option(name: .customLong("full-feed-ipv6"), help: "A peer routing more IPv6 prefixes than this is a full-feed peer.")
    var fullFeedIPv6 = 10_000

    var thresholds: FullFeedThresholds { FullFeedThresholds(ipv4: fullFeedIPv4, ipv6: fullFeedIPv6) }
}

/// `tocsin ingest mrt FILE...`
struct IngestMRT: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mrt",
        abstract: "Compute the bgp, bgp6 and bgp_updates signals from MRT files and store them.",
        discussion: "RIB dumps are read first, then update files in the order given. A bad record is reported with its file and byte offset and skipped; a broken file ends there and the next is read."
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var reference: ReferenceOptions
    @OptionGroup var visibility: VisibilityOptions
    @Option(help: "The collector the files come from (peers are told apart by it).")
    var collector = "mrt"
    @Argument(help: "MRT files (plain, .gz or .bz2).")
    var files: [String]

    func run() async throws {
        let geo = try reference.load()
        let store = try await store.openStore()
        let counter = VisibilityCounter(geo: geo, thresholds: visibility.thresholds)
        var ingest = MRTIngest(recorder: BGPSignalRecorder(counter: counter), collector: collector)
        let (batches, continuation) = AsyncStream.makeStream(of: [SignalPoint].self)
        let paths = files
        let decoding = Task.detached { () -> MRTIngest.Summary in
            defer { continuation.finish() }
            return ingest.run(paths: paths) { points in continuation.yield(points) }
        }
        var written = UpsertSummary()
        var pending: [SignalPoint] = []
        for await batch in batches {
            pending += batch
            if pending.count >= 100_000 {
                written = written + (try await store.upsert(points: pending))
                pending.removeAll(keepingCapacity: true)
            }
        }
        if !pending.isEmpty { written = written + (try await store.upsert(points: pending)) }
        let summary = await decoding.value
        for error in summary.errors.prefix(50) { StandardError.print("skipped: \(error)") }
        if summary.errors.count > 50 { StandardError.print("\(summary.errors.count) problems in all") }
        StandardError.print("\(summary.files) files, \(summary.records) records (\(summary.ribEntries) RIB entries, \(summary.updates) updates), \(summary.recordsWithIssues) with malformed fields; \(summary.points) points, \(written.written) written, \(written.unchanged) unchanged")
    }
}

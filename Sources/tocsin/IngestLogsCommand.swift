import ArgumentParser
import Dispatch
import Foundation
import Synchronization
import TocsinCore
import TocsinFlow
import TocsinGeo
import TocsinStore

/// `tocsin ingest logs FILE...`
struct IngestLogs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Compute the traffic signals from web server access logs (nginx/Apache combined format, or JSON lines) and store them.",
        discussion: """
            Each request counts for its client's country, region, AS and access group: bytes sent (`traffic`), requests \
            (`traffic_flows`) and distinct client /24s or /48s (`traffic_clients`). A line that cannot be read is reported with \
            its file and line number and skipped. With --follow the files are read to their end and then followed as they grow \
            (and when they are rotated) until interrupted; each bin is written once it has ended.
            """
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup var reference: ReferenceOptions
    @Flag(help: "Keep reading as the files grow, until interrupted.")
    var follow = false
    @Option(help: "Seconds after a bin's end before it is written when following.")
    var grace = 60
    @Argument(help: "Access log files.")
    var files: [String]

    func run() async throws {
        let geo = try reference.load()
        var aggregator = try TrafficAggregator(locator: TrafficLocator(geo), grace: Int64(max(0, grace)), keptBins: 24)
        let db = try store.openStore()
        var readers = try files.map { try FollowedFile(path: $0) }
        var read = 0, bad = 0, latest: Int64 = 0
        let stop = StopSignal()
        var lastWrite = Date()
        while true {
            for i in readers.indices {
                let file = readers[i].path
                try readers[i].readLines { number, line in
                    switch AccessLogLine.parse(line) {
                    case .success(let hit):
                        read += 1
                        latest = max(latest, hit.time)
                        let now = follow ? max(latest, Int64(Date().timeIntervalSince1970)) : latest
                        aggregator.add(user: hit.client, time: hit.time, now: now, bytes: Double(hit.bytes), packets: nil)
                    case .failure(let error):
                        bad += 1
                        if bad <= 20 { StandardError.print("\(file):\(number): \(error)") }
                    }
                }
            }
            guard follow else { break }
            if Date().timeIntervalSince(lastWrite) >= 5 || stop.requested {
                _ = try await db.upsert(points: aggregator.drain(now: Int64(Date().timeIntervalSince1970)))
                lastWrite = Date()
            }
            if stop.requested { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        if !follow { _ = try await db.upsert(points: aggregator.drain(now: .max / 4)) }
        let c = aggregator.counters
        StandardError.print("\(read) requests read, \(bad) lines skipped; \(c.counted) counted, \(c.unlocated) from unlocated clients, \(c.late) too late")
    }
}

/// A file read line by line from where it was left, following growth and rotation (a new
/// file under the name, or the old one truncated). Only complete lines are handed out.
struct FollowedFile {
    let path: String
    private var handle: FileHandle?
    private var inode: UInt64 = 0
    private var offset: UInt64 = 0
    private var partial: [UInt8] = []
    private var lineNumber = 0

    init(path: String) throws {
        self.path = path
        guard FileManager.default.isReadableFile(atPath: path) else { throw CLIError("cannot read \(path)") }
    }

    mutating func readLines(_ body: (Int, Substring) -> Void) throws {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let currentInode = (attributes?[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
        let size = (attributes?[.size] as? NSNumber)?.uint64Value ?? 0
        if handle == nil || currentInode != inode || size < offset {
            try? handle?.close()
            handle = FileHandle(forReadingAtPath: path)
            inode = currentInode
            offset = 0
            partial = []
            lineNumber = 0
        }
        guard let handle else { return }
        try handle.seek(toOffset: offset)
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            offset += UInt64(chunk.count)
            partial += chunk
            var start = 0
            while let newline = partial[start...].firstIndex(of: 0x0A) {
                lineNumber += 1
                body(lineNumber, Substring(decoding: partial[start..<newline], as: UTF8.self))
                start = newline + 1
            }
            partial.removeFirst(start)
        }
    }
}

/// Set when SIGINT or SIGTERM arrives, so a following loop can write what it has and stop.
final class StopSignal: @unchecked Sendable {
    private let flag = Atomic<Bool>(false)
    /// Set once in `init`, then only kept alive.
    private var sources: [any DispatchSourceSignal] = []

    init() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [unowned self] in flag.store(true, ordering: .relaxed) }
            source.resume()
            sources.append(source)
        }
    }

    var requested: Bool { flag.load(ordering: .relaxed) }
}

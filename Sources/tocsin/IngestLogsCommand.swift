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
            its file and line number and skipped, as is a line dated more than an hour ahead of the clock. Give rotated files \
            oldest first: a request more than two hours older than the newest one read is counted as late and dropped. With \
            --follow the files are read to their end and then followed as they grow (and when they are rotated) until \
            interrupted; each bin is written once it has ended.
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
        let db = try await store.openStore()
        var readers = try files.map { try FollowedFile(path: $0) }
        var read = 0, bad = 0, latest: Int64 = 0
        let stop = follow ? StopSignal() : nil
        var lastWrite = Date()
        var pending: [SignalPoint] = []
        func take(_ file: String, _ number: Int, _ line: Substring?) {
            let clock = Int64(Date().timeIntervalSince1970)
            let parsed = line.map(AccessLogLine.parse) ?? .failure(.init(reason: "a line longer than \(FollowedFile.maximumLine) bytes"))
            switch parsed {
            case .success(let hit) where hit.time <= clock + 3600:
                read += 1
                latest = max(latest, hit.time)
                aggregator.add(user: hit.client, time: hit.time, now: follow ? clock : latest, bytes: Double(hit.bytes), packets: nil)
                // Reading a long log: hand out the bins left behind as it goes.
                if !follow, read % 100_000 == 0 { pending += aggregator.drain(now: latest) }
            case .success:
                bad += 1
                if bad <= 20 { StandardError.print("\(file):\(number): dated more than an hour ahead of the clock") }
            case .failure(let error):
                bad += 1
                if bad <= 20 { StandardError.print("\(file):\(number): \(error)") }
            }
        }
        while true {
            for i in readers.indices {
                let file = readers[i].path
                try readers[i].readLines { take(file, $0, $1) }
                if !follow { readers[i].finish { take(file, $0, $1) } }
                if !pending.isEmpty { _ = try await db.upsert(points: pending); pending = [] }
            }
            guard follow, let stop else { break }
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
/// file under the name, or the old one truncated). Only complete lines are handed out, and
/// none longer than `maximumLine` (handed out as nil, the rest of it skipped).
struct FollowedFile {
    static let maximumLine = 64 << 10
    let path: String
    private var handle: FileHandle?
    private var inode: UInt64 = 0
    private var offset: UInt64 = 0
    private var partial: [UInt8] = []
    private var skippingLongLine = false
    private var lineNumber = 0

    init(path: String) throws {
        self.path = path
        guard FileManager.default.isReadableFile(atPath: path) else { throw CLIError("cannot read \(path)") }
    }

    mutating func readLines(_ body: (Int, Substring?) -> Void) throws {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let currentInode = (attributes?[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
        let size = (attributes?[.size] as? NSNumber)?.uint64Value ?? 0
        if handle == nil || currentInode != inode || size < offset {
            // Rotated: what was written to the old file since the last read comes first.
            if handle != nil, currentInode != inode { try readToEnd(body) }
            try? handle?.close()
            handle = FileHandle(forReadingAtPath: path)
            inode = currentInode
            offset = 0
            partial = []
            lineNumber = 0
        }
        try readToEnd(body)
    }

    private mutating func readToEnd(_ body: (Int, Substring?) -> Void) throws {
        guard let handle else { return }
        try handle.seek(toOffset: offset)
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            offset += UInt64(chunk.count)
            partial += chunk
            var start = 0
            while let newline = partial[start...].firstIndex(of: 0x0A) {
                lineNumber += 1
                if skippingLongLine {
                    skippingLongLine = false
                    body(lineNumber, nil)
                } else {
                    body(lineNumber, Substring(decoding: partial[start..<newline], as: UTF8.self))
                }
                start = newline + 1
            }
            partial.removeFirst(start)
            if partial.count > Self.maximumLine {
                partial.removeAll()
                skippingLongLine = true
            }
        }
    }

    /// At the end of a file not followed: its last line, if it has no newline.
    mutating func finish(_ body: (Int, Substring?) -> Void) {
        guard !partial.isEmpty || skippingLongLine else { return }
        lineNumber += 1
        body(lineNumber, skippingLongLine ? nil : Substring(decoding: partial, as: UTF8.self))
        partial.removeAll()
        skippingLongLine = false
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

/// Prints MRT files as `bgpdump -m` does, streaming: one record in memory at a time and
/// output handed to `emit` in chunks of about `chunkSize` bytes.
public struct MRTDump {
    /// What a dump met: records read, lines written and the problems, in file order.
    public struct Summary: Sendable {
        public var records = 0
        /// The first `MRTError.keptPerRun` problems; `errorCount` counts them all.
        public var errors: [MRTError] = []
        public var errorCount = 0
        /// Records whose attributes had issues (read as zeros where short, as bgpdump does).
        public var recordsWithIssues = 0
    }

    public var chunkSize = 1 << 18

    public init() {}

    public func run(paths: [String], emit: (UnsafeRawBufferPointer) -> Void) -> Summary {
        var summary = Summary()
        var out = TextBuffer(capacity: chunkSize + (1 << 16))
        for path in paths {
            var decoder = MRTDecoder(path: path)
            var formatter = BGPDumpFormatter()
            let reader: MRTReader
            do { reader = try MRTReader(path: path) } catch { MRTError.keep(error, in: &summary.errors, count: &summary.errorCount); continue }
            while true {
                do {
                    guard let header = try reader.next() else { break }
                    summary.records += 1
                    let message = try reader.withBody { body throws(MRTError) in try decoder.decode(header, body) }
                    if message.hasIssues { summary.recordsWithIssues += 1 }
                    formatter.write(header, message, peerTable: decoder.peerTable, into: &out)
                    if out.count >= chunkSize {
                        out.withBytes(emit)
                        out.removeAll()
                    }
                } catch {
                    MRTError.keep(error, in: &summary.errors, count: &summary.errorCount)
                    if error.kind == .framing { break }
                }
            }
        }
        if out.count > 0 { out.withBytes(emit) }
        return summary
    }
}

extension MRTMessage {
    /// Whether decoding met short or malformed fields anywhere in the record.
    public var hasIssues: Bool {
        switch self {
        case .rib(let r): r.entries.contains { !$0.attributes.issues.isEmpty }
        case .tableDump(let e): !e.attributes.issues.isEmpty
        case .bgpMessage(let m):
            if case .update(let u) = m.body { !u.attributes.issues.isEmpty } else { false }
        case .peerIndexTable, .stateChange, .skipped: false
        }
    }
}

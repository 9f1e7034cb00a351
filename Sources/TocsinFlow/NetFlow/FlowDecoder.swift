import TocsinCore
import TocsinGeo

/// Any export datagram: NetFlow v5, v9, IPFIX or sFlow v5, told apart by their first bytes
/// (NetFlow and IPFIX start with a 16-bit version, sFlow with a 32-bit one). Keeps the
/// template state and counts what it saw. One thread at a time.
public final class FlowDecoder {
    /// What the decoder has seen, for logs and metrics.
    public struct Counters: Sendable, Hashable {
        public var datagrams = 0
        public var records = 0
        public var issues: [FlowDecodeIssue.Kind: Int] = [:]

        public init() {}

        public var errors: Int { issues.values.reduce(0, +) }
    }

    public private(set) var counters = Counters()
    public let templates: TemplateFlowDecoder

    public init(limits: TemplateFlowDecoder.Limits = TemplateFlowDecoder.Limits()) {
        templates = TemplateFlowDecoder(limits: limits)
    }

    /// Decodes one datagram from `exporter` received at `now` (Unix seconds); records are
    /// appended to `records`, each problem goes to `issue` and is counted.
    @discardableResult
    public func decode(_ bytes: UnsafeRawBufferPointer, exporter: IPAddress, now: Int64, into records: inout [FlowRecord],
                       issue: (FlowDecodeIssue) -> Void = { _ in }) -> FlowDatagramInfo? {
        counters.datagrams += 1
        let before = records.count
        defer { counters.records += records.count - before }
        return withoutActuallyEscaping(issue) { issue in
            let note: (FlowDecodeIssue) -> Void = { problem in
                self.counters.issues[problem.kind, default: 0] += 1
                issue(problem)
            }
            return dispatch(bytes, exporter: exporter, now: now, into: &records, note: note)
        }
    }

    private func dispatch(_ bytes: UnsafeRawBufferPointer, exporter: IPAddress, now: Int64, into records: inout [FlowRecord],
                          note: (FlowDecodeIssue) -> Void) -> FlowDatagramInfo? {
        guard bytes.count >= 4 else {
            note(FlowDecodeIssue(.truncated, exporter: exporter, offset: 0, "\(bytes.count) bytes"))
            return nil
        }
        let version = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
        switch version {
        case 5:
            switch NetFlowV5Decoder.decode(bytes, exporter: exporter, into: &records) {
            case .success(let info): return info
            case .failure(let problem): note(problem); return nil
            }
        case 9, 10:
            return templates.decode(bytes, exporter: exporter, now: now, into: &records, issue: note)
        case 0 where bytes[2] == 0 && bytes[3] == 5:
            return SFlowDecoder.decode(bytes, exporter: exporter, into: &records, issue: note)
        default:
            note(FlowDecodeIssue(.unknownVersion, exporter: exporter, offset: 0, "version \(version) is not NetFlow v5/v9, IPFIX or sFlow v5"))
            return nil
        }
    }

    public func decode(_ bytes: [UInt8], exporter: IPAddress, now: Int64, into records: inout [FlowRecord], issue: (FlowDecodeIssue) -> Void = { _ in }) {
        bytes.withUnsafeBytes { _ = decode($0, exporter: exporter, now: now, into: &records, issue: issue) }
    }
}

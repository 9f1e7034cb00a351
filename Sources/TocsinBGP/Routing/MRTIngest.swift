import TocsinCore

/// Feeds MRT files into a `BGPSignalRecorder`: RIB dumps set each peer's table, BGP4MP
/// updates change it, session state changes out of Established clear it. Points of ended
/// bins go to `sink` as they are produced.
public struct MRTIngest {
    /// What an ingest met.
    public struct Summary: Sendable {
        public var files = 0
        public var records = 0
        public var ribEntries = 0
        public var updates = 0
        public var points = 0
        public var recordsWithIssues = 0
        /// The first `MRTError.keptPerRun` problems; `errorCount` counts them all.
        public var errors: [MRTError] = []
        public var errorCount = 0
    }

    public var recorder: BGPSignalRecorder
    /// Names the collector the files come from; peers are told apart by it.
    public var collector: String

    public init(recorder: BGPSignalRecorder, collector: String = "mrt") {
        self.recorder = recorder
        self.collector = collector
    }

    /// Reads the files, RIB dumps first (files whose first record is a table dump), then the
    /// rest in the order given, and closes the last bin.
    public mutating func run(paths: [String], sink: ([SignalPoint]) throws -> Void) rethrows -> Summary {
        var summary = Summary()
        let dumps = Set(paths.filter(Self.isTableDump))
        let ordered = paths.filter(dumps.contains) + paths.filter { !dumps.contains($0) }
        for path in ordered {
            try ingest(path: path, summary: &summary, sink: sink)
        }
        let last = recorder.finish()
        summary.points += last.count
        try sink(last)
        return summary
    }

    static func isTableDump(_ path: String) -> Bool {
        guard let reader = try? MRTReader(path: path), let header = try? reader.next() else { return false }
        return header.type == MRTHeader.RecordType.tableDump || header.type == MRTHeader.RecordType.tableDumpV2
    }

    /// Reads one more file, leaving the bin in progress open (the archive poller's way).
    public mutating func ingest(path: String, summary: inout Summary, sink: ([SignalPoint]) throws -> Void) rethrows {
        summary.files += 1
        let reader: MRTReader
        do { reader = try MRTReader(path: path) } catch { MRTError.keep(error, in: &summary.errors, count: &summary.errorCount); return }
        var decoder = MRTDecoder(path: path)
        var tablePeers: Set<Int> = []  // peers whose table this file has started to replace
        while true {
            let header: MRTHeader, message: MRTMessage
            do {
                guard let next = try reader.next() else { break }
                header = next
                message = try reader.withBody { body throws(MRTError) in try decoder.decode(header, body) }
            } catch {
                MRTError.keep(error, in: &summary.errors, count: &summary.errorCount)
                if error.kind == .framing { break } else { continue }
            }
            summary.records += 1
            if message.hasIssues { summary.recordsWithIssues += 1 }
            let points = recorder.advance(to: Int64(header.timestamp))
            if !points.isEmpty {
                summary.points += points.count
                try sink(points)
            }
            apply(message, peerTable: decoder.peerTable, tablePeers: &tablePeers, summary: &summary)
        }
    }

    private mutating func apply(_ message: MRTMessage, peerTable: PeerIndexTable?, tablePeers: inout Set<Int>, summary: inout Summary) {
        switch message {
        case .rib(let record):
            guard let peerTable else { return }
            for entry in record.entries {
                let p = peerTable.peers[Int(entry.peerIndex)]
                let peer = startTable(CollectorPeer(source: collector, address: p.address, isIPv6: p.isIPv6, asn: p.asn), &tablePeers)
                var prefix = record.prefix
                prefix.pathID = entry.pathID
                recorder.state.announce(peer: peer, prefix: prefix, origin: entry.attributes.asPath?.origin, countsAsUpdate: false)
                summary.ribEntries += 1
            }
        case .tableDump(let entry):
            let peer = startTable(CollectorPeer(source: collector, address: entry.peer.address, isIPv6: entry.peer.isIPv6, asn: entry.peer.asn), &tablePeers)
            recorder.state.announce(peer: peer, prefix: entry.prefix, origin: entry.attributes.asPath?.origin, countsAsUpdate: false)
            summary.ribEntries += 1
        case .bgpMessage(let m):
            guard !m.isLocal, case .update(let update) = m.body else { return }
            let peer = recorder.state.peer(CollectorPeer(source: collector, address: m.peer.address, isIPv6: m.isIPv6Session, asn: m.peer.asn))
            recorder.state.apply(update, peer: peer)
            summary.updates += 1
        case .stateChange(let change):
            guard change.oldState == 6, change.newState != 6 else { return }
            let peer = recorder.state.peer(CollectorPeer(source: collector, address: change.peer.address, isIPv6: change.peer.isIPv6, asn: change.peer.asn))
            recorder.state.clear(peer: peer)
        case .peerIndexTable, .skipped:
            break
        }
    }

    /// The peer's index; its old table is dropped the first time a dump file names it.
    private mutating func startTable(_ peer: CollectorPeer, _ tablePeers: inout Set<Int>) -> Int {
        let index = recorder.state.peer(peer)
        if tablePeers.insert(index).inserted { recorder.state.clear(peer: index) }
        return index
    }
}

import TocsinCore
import TocsinGeo

/// NetFlow v9 (RFC 3954) and IPFIX (RFC 7011) decoding, with the state both need: the
/// templates and sampling options of each exporter (address and source id / observation
/// domain, never the UDP port), and data sets that arrived before their template, kept a
/// bounded time. Every limit is a count or a byte size, so a flood of exporters, templates
/// or orphan sets cannot grow memory without bound. One thread at a time.
public final class TemplateFlowDecoder {
    public struct Limits: Sendable {
        /// Exporter/domain pairs remembered at once.
        public var sources = 4096
        public var templatesPerSource = 1024
        /// Templates across all sources (each holds up to 512 fields: ~4.6 KB at most).
        public var templates = 16_384
        /// Waiting data across all sources.
        public var totalPendingBytes = 32 << 20
        /// Data sets waiting for their template, per source, and their bytes.
        public var pendingSets = 64
        public var pendingBytes = 256 << 10
        /// Seconds a waiting data set is kept.
        public var pendingLifetime: Int64 = 60
        /// Seconds a template lives without being re-sent (RFC 7011 §8.4 for UDP).
        public var templateLifetime: Int64 = 1800

        public init() {}
    }

    /// The header facts a data set is decoded with (kept with a set that waits).
    struct ExportContext {
        var version: UInt16
        var exportMillis: Int64
        /// v9: milliseconds since the exporter booted, at export.
        var systemUptime: Int64?
    }

    struct PendingSet {
        var templateID: UInt16
        var bytes: [UInt8]
        var context: ExportContext
        var receivedAt: Int64
    }

    struct SourceState {
        var templates: [UInt16: FlowTemplate] = [:]
        var sampling = SamplingTable()
        var pending: [PendingSet] = []
        var pendingBytes = 0
        var lastSeen: Int64 = 0
    }

    public let limits: Limits
    private var sources: [FlowSourceKey: SourceState] = [:]
    /// Templates and waiting bytes over all sources, for the global budgets.
    private var templateTotal = 0
    private var pendingTotal = 0
    /// When the source table was last swept for idle sources (at most once a second).
    private var lastSweep: Int64 = .min

    public init(limits: Limits = Limits()) { self.limits = limits }

    /// Exporter/domain pairs currently remembered.
    public var sourceCount: Int { sources.count }
    /// Templates known for one exporter/domain.
    public func templates(of key: FlowSourceKey) -> [FlowTemplate] {
        guard let state = sources[key] else { return [] }
        return Array(state.templates.values)
    }

    /// Decodes one v9 or IPFIX message; records go to `records`, problems to `issue` (the
    /// rest of the message goes on after a bad set where its length allows).
    public func decode(_ bytes: UnsafeRawBufferPointer, exporter: IPAddress, now: Int64, into records: inout [FlowRecord],
                       issue: (FlowDecodeIssue) -> Void) -> FlowDatagramInfo? {
        var r = WireReader(bytes)
        let version = r.u16()
        let info: FlowDatagramInfo
        let context: ExportContext
        var body: WireReader
        switch version {
        case 9:
            guard bytes.count >= 20 else { issue(FlowDecodeIssue(.truncated, exporter: exporter, offset: 0, "NetFlow v9 header needs 20 bytes")); return nil }
            _ = r.u16()  // count: not trusted, the sets are walked to the end
            let uptime = Int64(r.u32()), seconds = Int64(r.u32()), sequence = r.u32(), domain = r.u32()
            info = FlowDatagramInfo(version: .netflow9, domain: domain, exportTime: seconds, sequence: sequence)
            context = ExportContext(version: 9, exportMillis: seconds * 1000, systemUptime: uptime)
            body = r.sub(r.remaining)
        case 10:
            guard bytes.count >= 16 else { issue(FlowDecodeIssue(.truncated, exporter: exporter, offset: 0, "IPFIX header needs 16 bytes")); return nil }
            let length = Int(r.u16())
            let seconds = Int64(r.u32()), sequence = r.u32(), domain = r.u32()
            guard length >= 16, length <= bytes.count else {
                issue(FlowDecodeIssue(.badLength, exporter: exporter, offset: 2, "IPFIX message length \(length) with \(bytes.count) bytes at hand"))
                return nil
            }
            info = FlowDatagramInfo(version: .ipfix, domain: domain, exportTime: seconds, sequence: sequence)
            context = ExportContext(version: 10, exportMillis: seconds * 1000, systemUptime: nil)
            body = r.sub(length - 16)
        default:
            issue(FlowDecodeIssue(.unknownVersion, exporter: exporter, offset: 0, "version \(version) is not NetFlow v9 or IPFIX"))
            return nil
        }
        let key = FlowSourceKey(exporter: exporter, version: version, domain: info.domain)
        guard var state = takeSource(key, now: now) else {
            issue(FlowDecodeIssue(.overLimit, exporter: exporter, offset: 0, "more than \(limits.sources) exporters and domains at once"))
            return info
        }
        state.lastSeen = now
        expirePending(&state, now: now)
        while body.remaining >= 4 {
            let setOffset = body.position
            let setID = body.u16()
            let setLength = Int(body.u16())
            if setLength < 4 {
                if setID != 0 || setLength != 0 || body.lastNonZero() != nil {
                    issue(FlowDecodeIssue(.badLength, exporter: exporter, offset: setOffset, "set \(setID) of length \(setLength)"))
                }
                break  // zero padding to the end of the datagram, or garbage
            }
            guard setLength - 4 <= body.remaining else {
                issue(FlowDecodeIssue(.badLength, exporter: exporter, offset: setOffset, "set \(setID) of \(setLength) bytes runs past the message"))
                break
            }
            var set = body.sub(setLength - 4)
            switch (version, setID) {
            case (9, 0), (10, 2):
                defineTemplates(&set, options: false, version: version, key: key, state: &state, now: now, offset: setOffset, into: &records, issue: issue)
            case (9, 1), (10, 3):
                defineTemplates(&set, options: true, version: version, key: key, state: &state, now: now, offset: setOffset, into: &records, issue: issue)
            case (_, 256...):
                if let template = state.templates[setID], now - template.definedAt <= limits.templateLifetime {
                    decodeData(&set, template: template, context: context, state: &state, exporter: exporter, offset: setOffset, into: &records, issue: issue)
                } else {
                    setTemplate(&state, setID, nil)
                    keepPending(setID, set, context: context, state: &state, now: now, exporter: exporter, offset: setOffset, issue: issue)
                }
            default:
                issue(FlowDecodeIssue(.badSetID, exporter: exporter, offset: setOffset, "set id \(setID) is reserved in version \(version)"))
            }
        }
        sources[key] = state
        return info
    }

    /// The state of a source, taken out of the table (so changing it copies nothing; the
    /// caller puts it back). A new source finds room by forgetting idle ones, or the least
    /// recently seen, at most once a second; otherwise it is refused.
    private func takeSource(_ key: FlowSourceKey, now: Int64) -> SourceState? {
        if let state = sources.removeValue(forKey: key) { return state }
        if sources.count >= limits.sources {
            guard now > lastSweep else { return nil }
            lastSweep = now
            for (k, s) in sources where now - s.lastSeen > limits.templateLifetime { forget(k, s) }
            if sources.count >= limits.sources, let oldest = sources.min(by: { $0.value.lastSeen < $1.value.lastSeen }) { forget(oldest.key, oldest.value) }
        }
        return SourceState()
    }

    private func forget(_ key: FlowSourceKey, _ state: SourceState) {
        sources[key] = nil
        templateTotal -= state.templates.count
        pendingTotal -= state.pendingBytes
    }

    private func setPending(_ state: inout SourceState, _ pending: [PendingSet]) {
        let bytes = pending.reduce(0) { $0 + $1.bytes.count }
        pendingTotal += bytes - state.pendingBytes
        state.pending = pending
        state.pendingBytes = bytes
    }

    private func expirePending(_ state: inout SourceState, now: Int64) {
        guard !state.pending.isEmpty else { return }
        setPending(&state, state.pending.filter { now - $0.receivedAt <= limits.pendingLifetime })
    }

    private func setTemplate(_ state: inout SourceState, _ id: UInt16, _ template: FlowTemplate?) {
        let had = state.templates[id] != nil
        state.templates[id] = template
        templateTotal += (template != nil ? 1 : 0) - (had ? 1 : 0)
    }

    private func keepPending(_ id: UInt16, _ set: WireReader, context: ExportContext, state: inout SourceState, now: Int64,
                             exporter: IPAddress, offset: Int, issue: (FlowDecodeIssue) -> Void) {
        let size = set.remaining
        guard state.pending.count < limits.pendingSets, state.pendingBytes + size <= limits.pendingBytes, pendingTotal + size <= limits.totalPendingBytes else {
            issue(FlowDecodeIssue(.overLimit, exporter: exporter, offset: offset, "data set for unknown template \(id) dropped: \(state.pending.count) sets already wait"))
            return
        }
        setPending(&state, state.pending + [PendingSet(templateID: id, bytes: set.rest(), context: context, receivedAt: now)])
        issue(FlowDecodeIssue(.unknownTemplate, exporter: exporter, offset: offset, "data set for unknown template \(id) kept for up to \(limits.pendingLifetime) s"))
    }

    private func defineTemplates(_ set: inout WireReader, options: Bool, version: UInt16, key: FlowSourceKey, state: inout SourceState, now: Int64,
                                 offset: Int, into records: inout [FlowRecord], issue: (FlowDecodeIssue) -> Void) {
        let exporter = key.exporter
        let lastNonZero = set.lastNonZero()
        while set.remaining >= 4 {
            guard let last = lastNonZero, set.position <= last else { return }  // zero padding to the end
            let id = set.u16()
            var fieldCount: Int, scopeCount: Int
            if version == 9 && options {
                guard set.remaining >= 4 else { return }
                let scopeBytes = Int(set.u16()), optionBytes = Int(set.u16())
                guard scopeBytes % 4 == 0, optionBytes % 4 == 0 else {
                    issue(FlowDecodeIssue(.badTemplate, exporter: exporter, offset: offset, "options template \(id): scope \(scopeBytes) and option \(optionBytes) bytes are not whole fields"))
                    return
                }
                scopeCount = scopeBytes / 4
                fieldCount = scopeCount + optionBytes / 4
            } else {
                fieldCount = Int(set.u16())
                scopeCount = 0
                if version == 10 && fieldCount == 0 {
                    // Withdrawal (RFC 7011 §8.1), four bytes even in an options set: one
                    // template, or all of the set's kind.
                    if id == 2 || id == 3 {
                        for (tid, t) in state.templates where t.isOptions == (id == 3) { setTemplate(&state, tid, nil) }
                    } else {
                        setTemplate(&state, id, nil)
                    }
                    continue
                }
                if options { guard set.remaining >= 2 else { return }; scopeCount = Int(set.u16()) }
            }
            guard id >= 256, fieldCount > 0, fieldCount <= FlowTemplate.maximumFields, scopeCount <= fieldCount,
                  !(version == 10 && options && scopeCount == 0) else {
                issue(FlowDecodeIssue(.badTemplate, exporter: exporter, offset: offset, "template \(id) with \(fieldCount) fields (\(scopeCount) scope)"))
                return
            }
            var fields: [TemplateField] = []
            fields.reserveCapacity(fieldCount)
            for _ in 0..<fieldCount {
                let type = set.u16(), length = set.u16()
                if version == 10 && type & 0x8000 != 0 {
                    fields.append(TemplateField(id: type & 0x7FFF, length: length, enterprise: set.u32()))
                } else {
                    fields.append(TemplateField(id: type, length: length))
                }
            }
            guard !set.overran else {
                issue(FlowDecodeIssue(.badTemplate, exporter: exporter, offset: offset, "template \(id) runs past its set"))
                return
            }
            let template = FlowTemplate(id: id, fields: fields, scopeCount: scopeCount, isOptions: options,
                                        scopeFieldsAreElements: version == 10, definedAt: now)
            guard template.minimumLength > 0 else {
                issue(FlowDecodeIssue(.badTemplate, exporter: exporter, offset: offset, "template \(id) has records of no length"))
                continue
            }
            if state.templates[id] == nil, state.templates.count >= limits.templatesPerSource || templateTotal >= limits.templates {
                // Templates not re-sent for their lifetime make room first.
                for (tid, t) in state.templates where now - t.definedAt > limits.templateLifetime { setTemplate(&state, tid, nil) }
            }
            guard state.templates[id] != nil || (state.templates.count < limits.templatesPerSource && templateTotal < limits.templates) else {
                issue(FlowDecodeIssue(.overLimit, exporter: exporter, offset: offset, "more than \(limits.templatesPerSource) templates from one exporter or \(limits.templates) in all"))
                continue
            }
            setTemplate(&state, id, template)
            // Data that came before its template.
            let waiting = state.pending.filter { $0.templateID == id }
            guard !waiting.isEmpty else { continue }
            setPending(&state, state.pending.filter { $0.templateID != id })
            for p in waiting {
                p.bytes.withUnsafeBytes { raw in
                    var data = WireReader(raw)
                    decodeData(&data, template: template, context: p.context, state: &state, exporter: exporter, offset: offset, into: &records, issue: issue)
                }
            }
        }
    }

    private func decodeData(_ set: inout WireReader, template: FlowTemplate, context: ExportContext, state: inout SourceState, exporter: IPAddress,
                            offset: Int, into records: inout [FlowRecord], issue: (FlowDecodeIssue) -> Void) {
        let lastNonZero = set.lastNonZero()
        while set.remaining >= template.minimumLength {
            // What is left is zeros: padding (or records of zeros, which count for nothing).
            guard let last = lastNonZero, set.position <= last else { return }
            guard let rec = TemplateRecord.read(template, from: &set) else {
                issue(FlowDecodeIssue(.badLength, exporter: exporter, offset: offset, "a variable-length field of template \(template.id) runs past its set"))
                return
            }
            if template.isOptions {
                state.sampling.learn(rec)
            } else {
                records.append(flow(rec, context: context, sampling: state.sampling))
            }
        }
    }

    private func flow(_ rec: TemplateRecord, context: ExportContext, sampling: SamplingTable) -> FlowRecord {
        var f = FlowRecord()
        f.source = rec.source
        f.destination = rec.destination
        f.sourcePort = rec.sourcePort
        f.destinationPort = rec.destinationPort
        f.proto = rec.proto
        f.tos = rec.tos
        f.inputInterface = rec.input
        f.outputInterface = rec.output
        if let n = rec.octets ?? rec.octetsTotal { f.bytes = n } else if rec.initiatorOctets != nil || rec.responderOctets != nil {
            f.bytes = (rec.initiatorOctets ?? 0) &+ (rec.responderOctets ?? 0)
        }
        if let n = rec.packets ?? rec.packetsTotal { f.packets = n } else if rec.initiatorPackets != nil || rec.responderPackets != nil {
            f.packets = (rec.initiatorPackets ?? 0) &+ (rec.responderPackets ?? 0)
        }
        f.samplingRate = sampling.rate(for: rec)
        f.start = rec.start
        f.end = rec.end
        if let uptime = context.systemUptime {
            // v9: switched times count milliseconds since boot, like the header's uptime.
            if let first = rec.firstSwitched { f.start = context.exportMillis &- (uptime &- first) }
            if let last = rec.lastSwitched { f.end = context.exportMillis &- (uptime &- last) }
        } else if let boot = rec.systemInit ?? sampling.systemInit {
            if let first = rec.firstSwitched { f.start = boot &+ first }
            if let last = rec.lastSwitched { f.end = boot &+ last }
        }
        return f
    }
}

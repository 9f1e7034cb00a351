/// Sampling rates an exporter announced in options records: one for the whole exporter
/// (scope System), and per sampler id (v9/IPFIX 48) or selector id (IPFIX 302); plus the
/// system init time that IPFIX uptime-relative timestamps count from.
struct SamplingTable: Sendable {
    var exporterRate: UInt32?
    var samplers: [UInt64: UInt32] = [:]
    var selectors: [UInt64: UInt32] = [:]
    var systemInit: Int64?
    /// Sampler and selector entries kept at most (options are few; this bounds a flood).
    static let limit = 4096

    /// Learns what an options record says.
    mutating func learn(_ options: TemplateRecord) {
        if let t = options.systemInit { systemInit = t }
        guard let rate = options.announcedRate else { return }
        if let id = options.selectorID {
            if selectors.count < Self.limit || selectors[id] != nil { selectors[id] = rate }
        } else if let id = options.samplerID {
            if samplers.count < Self.limit || samplers[id] != nil { samplers[id] = rate }
        } else {
            exporterRate = rate
        }
    }

    /// The rate that applies to a data record.
    func rate(for record: TemplateRecord) -> UInt32 {
        if let inline = record.samplingInterval { return TemplateRecord.clamp(inline) }
        if let id = record.selectorID, let rate = selectors[id] { return rate }
        if let id = record.samplerID, let rate = samplers[id] { return rate }
        return exporterRate ?? 1
    }
}

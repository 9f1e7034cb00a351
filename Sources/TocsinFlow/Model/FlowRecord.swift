import TocsinGeo

/// One flow as an exporter reported it, in the units Tocsin aggregates: addresses, ports,
/// protocol, counters as sent (not yet scaled) and the sampling rate that scales them.
public struct FlowRecord: Sendable, Hashable {
    public var source: IPAddress?
    public var destination: IPAddress?
    public var sourcePort: UInt16 = 0
    public var destinationPort: UInt16 = 0
    public var proto: UInt8 = 0
    public var tos: UInt8 = 0
    public var bytes: UInt64 = 0
    public var packets: UInt64 = 0
    /// One packet in `samplingRate` was seen (1: unsampled or unknown).
    public var samplingRate: UInt32 = 1
    /// Flow start and end, Unix milliseconds, when the exporter said.
    public var start: Int64?
    public var end: Int64?
    public var inputInterface: UInt32 = 0
    public var outputInterface: UInt32 = 0

    public init() {}
}

/// Who sent a datagram and how: the exporter's address and the export protocol's domain
/// (v9 source id, IPFIX observation domain, sFlow agent). Templates are kept per
/// (exporter address, domain), never per UDP port: exporters change ports (pmacct test 112).
public struct FlowSourceKey: Sendable, Hashable {
    public var exporter: IPAddress
    public var version: UInt16
    public var domain: UInt32

    public init(exporter: IPAddress, version: UInt16, domain: UInt32) {
        self.exporter = exporter
        self.version = version
        self.domain = domain
    }
}

/// The export protocols Tocsin reads.
public enum FlowProtocol: String, Sendable, Hashable, CaseIterable {
    case netflow5, netflow9, ipfix, sflow5
}

/// The header facts of one export datagram, handed along with its records.
public struct FlowDatagramInfo: Sendable, Hashable {
    public var version: FlowProtocol
    public var domain: UInt32
    /// Export time, Unix seconds.
    public var exportTime: Int64
    public var sequence: UInt32

    public init(version: FlowProtocol, domain: UInt32, exportTime: Int64, sequence: UInt32) {
        self.version = version
        self.domain = domain
        self.exportTime = exportTime
        self.sequence = sequence
    }
}

/// The common header of an MRT record (RFC 6396 §2, §3 and §4 for the _ET types).
public struct MRTHeader: Sendable, Hashable {
    public var timestamp: UInt32
    public var type: UInt16
    public var subtype: UInt16
    /// Body length, without the extended-timestamp microseconds.
    public var length: UInt32
    /// Microseconds of a BGP4MP_ET record, as sent (not range-checked).
    public var microseconds: UInt32?
    /// Byte offset of the record's header in the (decompressed) file.
    public var offset: Int64

    public init(timestamp: UInt32, type: UInt16, subtype: UInt16, length: UInt32, microseconds: UInt32? = nil, offset: Int64 = 0) {
        self.timestamp = timestamp
        self.type = type
        self.subtype = subtype
        self.length = length
        self.microseconds = microseconds
        self.offset = offset
    }

    public enum RecordType {
        public static let mrtdBGP: UInt16 = 5
        public static let tableDump: UInt16 = 12
        public static let tableDumpV2: UInt16 = 13
        public static let bgp4mp: UInt16 = 16
        public static let bgp4mpET: UInt16 = 17
    }
}

/// One decoded MRT record body.
public enum MRTMessage: Sendable {
    /// TABLE_DUMP_V2 PEER_INDEX_TABLE: the collector's peers, referred to by RIB entries.
    case peerIndexTable(PeerIndexTable)
    /// TABLE_DUMP_V2 RIB_IPV4/IPV6_UNICAST (and their ADD-PATH forms): one prefix, many peers.
    case rib(RIBRecord)
    /// TABLE_DUMP (the deprecated first form): one prefix from one peer.
    case tableDump(TableDumpEntry)
    /// BGP4MP / BGP4MP_ET MESSAGE subtypes: a BGP message between a peer and the collector.
    case bgpMessage(BGP4MPMessage)
    /// BGP4MP / BGP4MP_ET STATE_CHANGE(_AS4): a session's FSM moved.
    case stateChange(BGP4MPStateChange)
    /// A type or subtype Tocsin reads past (multicast RIBs, RIB_GENERIC, OSPF, ...).
    case skipped
}

/// A collector peer as MRT names it.
public struct MRTPeer: Sendable, Hashable {
    public var address: UInt128
    public var isIPv6: Bool
    public var asn: UInt32
    public var routerID: UInt32

    public init(address: UInt128, isIPv6: Bool, asn: UInt32, routerID: UInt32 = 0) {
        self.address = address
        self.isIPv6 = isIPv6
        self.asn = asn
        self.routerID = routerID
    }
}

/// TABLE_DUMP_V2 PEER_INDEX_TABLE (RFC 6396 §4.3.1).
public struct PeerIndexTable: Sendable {
    public var collectorID: UInt32
    public var viewName: String
    public var peers: [MRTPeer]
}

/// TABLE_DUMP_V2 RIB record (RFC 6396 §4.3.2, RFC 8050 for ADD-PATH).
public struct RIBRecord: Sendable {
    public var sequence: UInt32
    public var prefix: RoutePrefix
    public var isAddPath: Bool
    public var entries: [Entry]

    public struct Entry: Sendable {
        public var peerIndex: UInt16
        public var originated: UInt32
        public var pathID: UInt32
        public var attributes: PathAttributes
    }
}

/// TABLE_DUMP (RFC 6396 §4.2).
public struct TableDumpEntry: Sendable {
    public var view: UInt16
    public var sequence: UInt16
    public var prefix: RoutePrefix
    public var status: UInt8
    public var originated: UInt32
    public var peer: MRTPeer
    public var attributes: PathAttributes
}

/// A BGP4MP MESSAGE record (RFC 6396 §4.4.2–4.4.3, RFC 8050 §3 for ADD-PATH).
public struct BGP4MPMessage: Sendable {
    /// The remote router (for the _LOCAL subtypes, the side the collector sent to).
    public var peer: MRTPeer
    public var local: MRTPeer
    /// Session address family (AFI of the header).
    public var isIPv6Session: Bool
    /// The subtype says the collector sent the message (MESSAGE_LOCAL, _AS4_LOCAL, ...).
    public var isLocal: Bool
    public var isAddPath: Bool
    public var asnSize: Int
    public var body: BGPMessageBody
}

/// What a BGP message carried.
public enum BGPMessageBody: Sendable {
    case update(BGPUpdate)
    case open, notification, keepalive
    case other(type: UInt8)
}

/// A BGP4MP STATE_CHANGE record (RFC 6396 §4.4.1).
public struct BGP4MPStateChange: Sendable {
    public var peer: MRTPeer
    public var oldState: UInt16
    public var newState: UInt16
}

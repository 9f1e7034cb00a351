/// How Tocsin's passive BGP speaker presents itself and whom it accepts.
public struct BGPSpeakerConfiguration: Sendable, Hashable {
    public var host: String
    public var port: Int
    /// Tocsin's own AS number (four-octet AS numbers are announced as a capability).
    public var localAS: UInt32
    /// Tocsin's BGP identifier, an IPv4 address as a number.
    public var routerID: UInt32
    /// Proposed hold time in seconds (the smaller of the two sides' wins; 0 means none).
    public var holdTime: UInt16
    /// Peers allowed to connect, by address text, with the AS each must open with; empty
    /// accepts anyone on the listening address.
    public var peers: [String: UInt32]

    public init(host: String = "127.0.0.1", port: Int = 1179, localAS: UInt32 = 64_512, routerID: UInt32 = 0x7F00_0001,
                holdTime: UInt16 = 90, peers: [String: UInt32] = [:]) {
        self.host = host
        self.port = port
        self.localAS = localAS
        self.routerID = routerID
        self.holdTime = holdTime
        self.peers = peers
    }

    /// The OPEN Tocsin sends: IPv4 and IPv6 unicast, four-octet AS, ADD-PATH receive.
    var open: BGPOpen {
        BGPOpen(asn: localAS, holdTime: holdTime, identifier: routerID, capabilities: [
            .multiprotocol(afi: 1, safi: 1),
            .multiprotocol(afi: 2, safi: 1),
            .fourOctetAS(localAS),
            .addPath([BGPOpen.AddPathFamily(afi: 1, safi: 1, mode: 1), BGPOpen.AddPathFamily(afi: 2, safi: 1, mode: 1)]),
        ])
    }
}

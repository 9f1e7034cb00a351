/// Writes UDP datagrams as a classic pcap (Ethernet, IPv4), the way a capture of an
/// exporter's traffic looks: for replaying exports (tcpreplay) and for handing raw payloads
/// to tools that read captures (tshark).
public struct PacketCaptureWriter {
    public var source: UInt32
    public var destination: UInt32
    public var sourcePort: UInt16
    public var destinationPort: UInt16
    public var destinationMAC: [UInt8]
    private(set) public var bytes: [UInt8] = []
    private var count = 0

    public init(source: UInt32, destination: UInt32, sourcePort: UInt16, destinationPort: UInt16, destinationMAC: [UInt8] = [0, 0, 0, 0, 0, 0]) {
        self.source = source
        self.destination = destination
        self.sourcePort = sourcePort
        self.destinationPort = destinationPort
        self.destinationMAC = destinationMAC.count == 6 ? destinationMAC : [0, 0, 0, 0, 0, 0]
        le32(0xA1B2_C3D4); bytes += [2, 0, 4, 0]; le32(0); le32(0); le32(262_144); le32(1)
    }

    private mutating func le32(_ v: UInt32) { bytes += [UInt8(v & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 24)] }
    private static func be16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
    private static func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }

    /// Appends one datagram, stamped `time` (Unix seconds) and `microseconds`.
    public mutating func append(_ payload: some Collection<UInt8>, time: UInt32, microseconds: UInt32 = 0) {
        let udpLength = 8 + payload.count, ipLength = 20 + udpLength
        var ip: [UInt8] = [0x45, 0] + Self.be16(ipLength) + [0, 0, 0x40, 0, 64, 17, 0, 0] + Self.be32(source) + Self.be32(destination)
        var sum: UInt32 = 0
        for k in stride(from: 0, to: 20, by: 2) { sum += UInt32(ip[k]) << 8 | UInt32(ip[k + 1]) }
        while sum >> 16 != 0 { sum = (sum & 0xFFFF) + (sum >> 16) }
        ip[10] = UInt8(~sum >> 8 & 0xFF)
        ip[11] = UInt8(~sum & 0xFF)
        let frame = destinationMAC + [2, 0, 0, 0, 0, 1, 0x08, 0x00] + ip + Self.be16(Int(sourcePort)) + Self.be16(Int(destinationPort)) + Self.be16(udpLength) + [0, 0]
        le32(time); le32(microseconds); le32(UInt32(frame.count + payload.count)); le32(UInt32(frame.count + payload.count))
        bytes += frame
        bytes += payload
        count += 1
    }
}

import TocsinCore

/// A BGP OPEN (RFC 4271 §4.2) with the capabilities Tocsin negotiates (RFC 5492): four-octet
/// AS numbers (RFC 6793), multiprotocol (RFC 4760) and ADD-PATH (RFC 7911).
public struct BGPOpen: Sendable, Hashable {
    public var version: UInt8 = 4
    /// The real AS number (from the four-octet capability when present).
    public var asn: UInt32
    public var holdTime: UInt16
    public var identifier: UInt32
    public var capabilities: [Capability]

    public enum Capability: Sendable, Hashable {
        case multiprotocol(afi: UInt16, safi: UInt8)
        case fourOctetAS(UInt32)
        /// Per family: 1 receive, 2 send, 3 both.
        case addPath([AddPathFamily])
        case other(code: UInt8, value: [UInt8])
    }

    public struct AddPathFamily: Sendable, Hashable {
        public var afi: UInt16
        public var safi: UInt8
        public var mode: UInt8

        public init(afi: UInt16, safi: UInt8, mode: UInt8) {
            self.afi = afi
            self.safi = safi
            self.mode = mode
        }
    }

    public init(asn: UInt32, holdTime: UInt16, identifier: UInt32, capabilities: [Capability]) {
        self.asn = asn
        self.holdTime = holdTime
        self.identifier = identifier
        self.capabilities = capabilities
    }

    public var supportsFourOctetAS: Bool {
        capabilities.contains { if case .fourOctetAS = $0 { true } else { false } }
    }

    /// The families for which this speaker says it will send (mode 2 or 3) several paths.
    public var addPathSendFamilies: Set<UInt16> {
        var families: Set<UInt16> = []
        for case .addPath(let list) in capabilities { for f in list where f.mode & 2 != 0 && f.safi == 1 { families.insert(f.afi) } }
        return families
    }

    /// The families for which this speaker can receive several paths (mode 1 or 3).
    public var addPathReceiveFamilies: Set<UInt16> {
        var families: Set<UInt16> = []
        for case .addPath(let list) in capabilities { for f in list where f.mode & 1 != 0 && f.safi == 1 { families.insert(f.afi) } }
        return families
    }

    /// Decodes the body after the 19-byte header; a bad OPEN yields the NOTIFICATION to send.
    public init(decoding r: inout WireReader) throws(BGPNotification) {
        version = r.u8()
        guard version == 4 else { throw .unsupportedVersion() }
        let shortAS = r.u16()
        holdTime = r.u16()
        identifier = r.u32()
        var parameters = r.sub(Int(r.u8()))
        guard !r.overran, !parameters.overran else { throw .badMessageLength(0) }
        capabilities = []
        while !parameters.isAtEnd {
            let type = parameters.u8()
            var value = parameters.sub(Int(parameters.u8()))
            guard type == 2 else { continue }  // only Capabilities (RFC 5492) are defined
            while !value.isAtEnd {
                let code = value.u8()
                var cap = value.sub(Int(value.u8()))
                switch code {
                case 1:
                    let afi = cap.u16(); _ = cap.u8(); let safi = cap.u8()
                    capabilities.append(.multiprotocol(afi: afi, safi: safi))
                case 65: capabilities.append(.fourOctetAS(cap.u32()))
                case 69:
                    var list: [AddPathFamily] = []
                    while cap.remaining >= 4 { list.append(AddPathFamily(afi: cap.u16(), safi: cap.u8(), mode: cap.u8())) }
                    capabilities.append(.addPath(list))
                default: capabilities.append(.other(code: code, value: cap.rest()))
                }
                if cap.overran { throw BGPNotification(code: 2, subcode: 0) }
            }
            if value.overran || parameters.overran { throw BGPNotification(code: 2, subcode: 0) }
        }
        asn = UInt32(shortAS)
        for case .fourOctetAS(let n) in capabilities { asn = n }
        guard identifier != 0 else { throw .badBGPIdentifier() }
        guard holdTime == 0 || holdTime >= 3 else { throw .unacceptableHoldTime() }
    }

    /// The whole message, header included.
    public func encoded() -> [UInt8] {
        var caps: [UInt8] = []
        for capability in capabilities {
            switch capability {
            case .multiprotocol(let afi, let safi): caps += [1, 4, UInt8(afi >> 8), UInt8(afi & 0xFF), 0, safi]
            case .fourOctetAS(let n): caps += [65, 4] + Self.bytes(n)
            case .addPath(let list):
                caps += [69, UInt8(list.count * 4)]
                for f in list { caps += [UInt8(f.afi >> 8), UInt8(f.afi & 0xFF), f.safi, f.mode] }
            case .other(let code, let value): caps += [code, UInt8(value.count)] + value
            }
        }
        let twoByteAS: UInt16 = asn > 0xFFFF ? 23456 : UInt16(asn)
        var body: [UInt8] = [version, UInt8(twoByteAS >> 8), UInt8(twoByteAS & 0xFF), UInt8(holdTime >> 8), UInt8(holdTime & 0xFF)]
        body += Self.bytes(identifier)
        body += caps.isEmpty ? [0] : [UInt8(caps.count + 2), 2, UInt8(caps.count)] + caps
        return BGPMessageFrame.message(type: .open, body: body)
    }

    private static func bytes(_ n: UInt32) -> [UInt8] { [UInt8(n >> 24), UInt8((n >> 16) & 0xFF), UInt8((n >> 8) & 0xFF), UInt8(n & 0xFF)] }
}

import TocsinCore

/// A BGP NOTIFICATION (RFC 4271 §4.5): what Tocsin sends a peer whose messages are bad
/// before closing the session, and what it reports when a peer sends one.
public struct BGPNotification: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: UInt8
    public var subcode: UInt8
    public var data: [UInt8]

    public init(code: UInt8, subcode: UInt8, data: [UInt8] = []) {
        self.code = code
        self.subcode = subcode
        self.data = data
    }

    // RFC 4271 §6.1–6.5
    public static func connectionNotSynchronized() -> Self { Self(code: 1, subcode: 1) }
    public static func badMessageLength(_ length: UInt16) -> Self { Self(code: 1, subcode: 2, data: [UInt8(length >> 8), UInt8(length & 0xFF)]) }
    public static func badMessageType(_ type: UInt8) -> Self { Self(code: 1, subcode: 3, data: [type]) }
    public static func unsupportedVersion() -> Self { Self(code: 2, subcode: 1, data: [0, 4]) }
    public static func badPeerAS() -> Self { Self(code: 2, subcode: 2) }
    public static func badBGPIdentifier() -> Self { Self(code: 2, subcode: 3) }
    public static func unacceptableHoldTime() -> Self { Self(code: 2, subcode: 6) }
    public static func malformedAttributeList() -> Self { Self(code: 3, subcode: 1) }
    public static func missingWellKnownAttribute(_ type: UInt8) -> Self { Self(code: 3, subcode: 3, data: [type]) }
    public static func invalidOrigin() -> Self { Self(code: 3, subcode: 6) }
    public static func invalidNetworkField() -> Self { Self(code: 3, subcode: 10) }
    public static func malformedASPath() -> Self { Self(code: 3, subcode: 11) }
    public static func holdTimerExpired() -> Self { Self(code: 4, subcode: 0) }
    public static func finiteStateMachineError() -> Self { Self(code: 5, subcode: 0) }
    public static func cease(_ subcode: UInt8 = 0) -> Self { Self(code: 6, subcode: subcode) }

    /// The whole message, header included.
    public func encoded() -> [UInt8] {
        BGPMessageFrame.message(type: .notification, body: [code, subcode] + data)
    }

    public init(decoding body: inout WireReader) {
        code = body.u8()
        subcode = body.u8()
        data = body.rest()
    }

    public var description: String {
        let names: [UInt8: String] = [1: "Message Header Error", 2: "OPEN Message Error", 3: "UPDATE Message Error",
                                      4: "Hold Timer Expired", 5: "Finite State Machine Error", 6: "Cease"]
        return "NOTIFICATION \(code)/\(subcode) (\(names[code] ?? "unknown"))"
    }
}

extension BGPMessageFrame {
    /// A message with its 19-byte header.
    public static func message(type: MessageType, body: [UInt8]) -> [UInt8] {
        let length = headerSize + body.count
        return [UInt8](repeating: 0xFF, count: 16) + [UInt8(length >> 8), UInt8(length & 0xFF), type.rawValue] + body
    }

    public static let keepalive: [UInt8] = message(type: .keepalive, body: [])

    /// Checks a received header: marker, length (against the negotiated maximum) and type.
    /// Returns the message length and type, or the NOTIFICATION that the header earns.
    public static func checkHeader(_ header: UnsafeRawBufferPointer, maximumLength: Int = maximumSize) -> Result<(length: Int, type: MessageType), BGPNotification> {
        var r = WireReader(header)
        var marker: UInt32 = 0xFFFF_FFFF
        for _ in 0..<4 { marker &= r.u32() }
        guard marker == 0xFFFF_FFFF else { return .failure(.connectionNotSynchronized()) }
        let length = r.u16()
        let rawType = r.u8()
        guard let type = MessageType(rawValue: rawType) else { return .failure(.badMessageType(rawType)) }
        let minimum = switch type {
        case .open: 29
        case .update: 23
        case .notification: 21
        case .keepalive: 19
        case .routeRefresh: 23
        }
        guard Int(length) >= minimum, Int(length) <= maximumLength, type != .keepalive || length == 19 else {
            return .failure(.badMessageLength(length))
        }
        return .success((Int(length), type))
    }
}

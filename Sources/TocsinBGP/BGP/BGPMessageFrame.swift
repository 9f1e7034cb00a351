import TocsinCore

/// The 19-byte BGP message header (RFC 4271 §4.1) and what follows it.
public enum BGPMessageFrame {
    public static let headerSize = 19
    public static let maximumSize = 4096
    /// RFC 8654 extended messages, which some collectors record.
    public static let maximumExtendedSize = 65_535

    public enum MessageType: UInt8, Sendable {
        case open = 1, update = 2, notification = 3, keepalive = 4, routeRefresh = 5
    }

    /// Decodes a message as recorded in an MRT file, bgpdump's way: the length field is
    /// trusted only as far as the record goes, and OPEN, NOTIFICATION and KEEPALIVE carry no
    /// routes. A bad marker or a message type without routes to print is a failure.
    public static func decodeRecorded(_ r: inout WireReader, asnSize: Int, addPath: AddPathFamilies) -> Result<BGPMessageBody, BGPIssue> {
        var marker: UInt32 = 0xFFFF_FFFF
        for _ in 0..<4 { marker &= r.u32() }
        guard marker == 0xFFFF_FFFF else { return .failure(BGPIssue(.malformedAttribute, "bad marker")) }
        let size = Int(r.u16())
        var message = size < 18 ? r.sub(r.remaining) : r.sub(size - 18)
        let type = message.u8()
        switch MessageType(rawValue: type) {
        case .update: return .success(.update(BGPUpdate(decoding: &message, asnSize: asnSize, addPath: addPath)))
        case .open: return .success(.open)
        case .notification: return .success(.notification)
        case .keepalive: return .success(.keepalive)
        case .routeRefresh, nil: return .failure(BGPIssue(.malformedAttribute, "BGP message type \(type) carries no routes"))
        }
    }
}

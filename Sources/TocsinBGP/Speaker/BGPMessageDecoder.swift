import NIOCore

/// One BGP message off a session: its type and the body after the 19-byte header.
struct BGPWireMessage {
    var type: BGPMessageFrame.MessageType
    var body: ByteBuffer
}

extension LengthFramedDecoder where Header == BGPMessageFrame.MessageType, Frame == BGPWireMessage {
    /// BGP messages, checked as RFC 4271 §6.1 asks.
    static func bgp() -> Self {
        Self(headerSize: BGPMessageFrame.headerSize,
             check: { header in BGPMessageFrame.checkHeader(header).map { ($0.length, $0.type) }.mapError { $0 } },
             frame: { type, message in
                 var body = message
                 body.moveReaderIndex(forwardBy: BGPMessageFrame.headerSize)
                 return BGPWireMessage(type: type, body: body)
             })
    }
}

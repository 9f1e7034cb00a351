import NIOCore

/// One BGP message off a session: its type and the body after the 19-byte header.
struct BGPWireMessage {
    var type: BGPMessageFrame.MessageType
    var body: ByteBuffer
}

/// Frames a TCP byte stream into BGP messages; a bad header throws the NOTIFICATION the
/// session must send (RFC 4271 §6.1).
struct BGPMessageDecoder: ByteToMessageDecoder {
    typealias InboundOut = BGPWireMessage

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard buffer.readableBytes >= BGPMessageFrame.headerSize else { return .needMoreData }
        let checked = buffer.withUnsafeReadableBytes { bytes in
            BGPMessageFrame.checkHeader(UnsafeRawBufferPointer(rebasing: bytes[..<BGPMessageFrame.headerSize]))
        }
        switch checked {
        case .failure(let notification): throw notification
        case .success(let (length, type)):
            guard buffer.readableBytes >= length else { return .needMoreData }
            buffer.moveReaderIndex(forwardBy: BGPMessageFrame.headerSize)
            let body = buffer.readSlice(length: length - BGPMessageFrame.headerSize)!
            context.fireChannelRead(Self.wrapInboundOut(BGPWireMessage(type: type, body: body)))
            return .continue
        }
    }
}

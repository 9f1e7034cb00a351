import NIOCore

/// Frames a TCP byte stream whose messages open with a fixed-size header that gives their
/// whole length: BGP (19 bytes, RFC 4271 §4.1) and BMP (6 bytes, RFC 7854 §4.1). A bad header
/// throws what `check` says (for BGP, the NOTIFICATION the session owes the peer).
struct LengthFramedDecoder<Header, Frame>: ByteToMessageDecoder {
    typealias InboundOut = Frame

    let headerSize: Int
    /// Reads a header: the message's whole length and what else the frame needs.
    let check: (UnsafeRawBufferPointer) -> Result<(length: Int, header: Header), any Error>
    /// Makes the frame from the header and the whole message.
    let frame: (Header, ByteBuffer) -> Frame

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard buffer.readableBytes >= headerSize else { return .needMoreData }
        let checked = buffer.withUnsafeReadableBytes { check(UnsafeRawBufferPointer(rebasing: $0[..<headerSize])) }
        let (length, header) = try checked.get()
        guard buffer.readableBytes >= length else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(frame(header, buffer.readSlice(length: length)!)))
        return .continue
    }
}

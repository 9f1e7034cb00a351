import NIOCore

/// Frames a TCP byte stream into whole BMP messages (common header included).
struct BMPMessageDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard buffer.readableBytes >= BMPMessage.commonHeaderSize else { return .needMoreData }
        let checked = buffer.withUnsafeReadableBytes { bytes in
            BMPMessage.checkHeader(UnsafeRawBufferPointer(rebasing: bytes[..<BMPMessage.commonHeaderSize]))
        }
        switch checked {
        case .failure(let error): throw error
        case .success(let (length, _)):
            guard buffer.readableBytes >= length else { return .needMoreData }
            context.fireChannelRead(Self.wrapInboundOut(buffer.readSlice(length: length)!))
            return .continue
        }
    }
}

import NIOCore

extension LengthFramedDecoder where Header == UInt8, Frame == ByteBuffer {
    /// Whole BMP messages, common header included.
    static func bmp() -> Self {
        Self(headerSize: BMPMessage.commonHeaderSize,
             check: { header in BMPMessage.checkHeader(header).map { ($0.length, $0.type) }.mapError { $0 } },
             frame: { _, message in message })
    }
}

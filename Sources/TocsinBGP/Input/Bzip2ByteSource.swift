import CBzip2

/// Decompresses a bzip2 file as it is read. Every concatenated stream is read (bgpdump
/// reads only the first; see docs/mrt-bgpdump-m-format.md); input that ends inside a stream
/// is reported as truncated.
public final class Bzip2ByteSource: ByteSource {
    private let file: FileByteSource
    private let path: String
    private var stream = bz_stream()
    private var input: UnsafeMutableRawBufferPointer
    private var inputStart = 0, inputEnd = 0
    private var decompressing = false
    private var finished = false

    public init(_ file: FileByteSource, path: String) throws(ByteSourceError) {
        self.file = file
        self.path = path
        input = .allocate(byteCount: 1 << 17, alignment: 8)
    }

    deinit {
        if decompressing { BZ2_bzDecompressEnd(&stream) }
        input.deallocate()
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(ByteSourceError) -> Int {
        guard buffer.count > 0, !finished else { return 0 }
        while true {
            if inputStart == inputEnd {
                inputStart = 0
                inputEnd = try file.read(into: input)
                if inputEnd == 0 {
                    finished = true
                    if decompressing { throw ByteSourceError(path: path, reason: "truncated bzip2 stream") }
                    return 0
                }
            }
            if !decompressing {
                stream = bz_stream()
                let status = BZ2_bzDecompressInit(&stream, 0, 0)
                guard status == BZ_OK else { throw ByteSourceError(path: path, reason: "bzip2 init failed (\(status))") }
                decompressing = true
            }
            stream.next_in = input.baseAddress!.advanced(by: inputStart).assumingMemoryBound(to: CChar.self)
            stream.avail_in = UInt32(inputEnd - inputStart)
            stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: CChar.self)
            stream.avail_out = UInt32(min(buffer.count, Int(UInt32.max)))
            let status = BZ2_bzDecompress(&stream)
            inputStart = inputEnd - Int(stream.avail_in)
            let produced = buffer.count - Int(stream.avail_out)
            switch status {
            case BZ_OK:
                if produced > 0 { return produced }
            case BZ_STREAM_END:
                BZ2_bzDecompressEnd(&stream)
                decompressing = false
                if produced > 0 { return produced }
            default:
                finished = true
                throw ByteSourceError(path: path, reason: "corrupt bzip2 data (error \(status))")
            }
        }
    }
}

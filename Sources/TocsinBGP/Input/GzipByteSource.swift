import CZlib

/// Inflates a gzip file as it is read, member after member (RIPE RIS and RouteViews files
/// are often concatenations). Data that does not start with the gzip magic passes through
/// unchanged, as zlib's `gzread` does, so a plain MRT file named `.gz` still reads; bytes
/// after the last member that are not gzip end the stream.
public final class GzipByteSource: ByteSource {
    private let file: FileByteSource
    private let path: String
    private var stream = z_stream()
    private var input: UnsafeMutableRawBufferPointer
    private var inputStart = 0, inputEnd = 0
    private var state: State = .start
    private var inflating = false
    private var membersSeen = 0

    private enum State { case start, inflate, passThrough, finished }

    public init(_ file: FileByteSource, path: String) throws(ByteSourceError) {
        self.file = file
        self.path = path
        input = .allocate(byteCount: 1 << 17, alignment: 8)
    }

    deinit {
        if inflating { inflateEnd(&stream) }
        input.deallocate()
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(ByteSourceError) -> Int {
        guard buffer.count > 0 else { return 0 }
        while true {
            switch state {
            case .finished:
                return 0
            case .start:
                // Decide from the first two bytes of a member whether this is gzip at all.
                let haveMagic = try fill(atLeast: 2) && input[inputStart] == 0x1F && input[inputStart + 1] == 0x8B
                if haveMagic {
                    try startMember()
                    state = .inflate
                } else {
                    state = membersSeen == 0 && inputEnd > inputStart ? .passThrough : .finished
                }
            case .passThrough:
                if inputEnd == inputStart, try !fill(atLeast: 1) { state = .finished; return 0 }
                let n = min(buffer.count, inputEnd - inputStart)
                buffer.baseAddress!.copyMemory(from: input.baseAddress! + inputStart, byteCount: n)
                inputStart += n
                return n
            case .inflate:
                if inputEnd == inputStart, try !fill(atLeast: 1) {
                    throw ByteSourceError(path: path, reason: "truncated gzip member \(membersSeen)")
                }
                stream.next_in = input.baseAddress!.advanced(by: inputStart).assumingMemoryBound(to: Bytef.self)
                stream.avail_in = UInt32(inputEnd - inputStart)
                stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = UInt32(min(buffer.count, Int(UInt32.max)))
                let status = CZlib.inflate(&stream, Z_NO_FLUSH)
                inputStart = inputEnd - Int(stream.avail_in)
                let produced = buffer.count - Int(stream.avail_out)
                switch status {
                case Z_OK, Z_BUF_ERROR:
                    if produced > 0 { return produced }
                case Z_STREAM_END:
                    inflateEnd(&stream)
                    inflating = false
                    state = .start
                    if produced > 0 { return produced }
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "error \(status)"
                    throw ByteSourceError(path: path, reason: "corrupt gzip data: \(message)")
                }
            }
        }
    }

    private func startMember() throws(ByteSourceError) {
        stream = z_stream()
        let status = inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw ByteSourceError(path: path, reason: "zlib init failed (\(status))") }
        inflating = true
        membersSeen += 1
    }

    /// Makes at least `count` unread bytes available if the file has them.
    private func fill(atLeast count: Int) throws(ByteSourceError) -> Bool {
        if inputEnd - inputStart >= count { return true }
        if inputStart > 0 {
            let unread = inputEnd - inputStart
            if unread > 0 { input.baseAddress!.copyMemory(from: input.baseAddress! + inputStart, byteCount: unread) }
            inputStart = 0
            inputEnd = unread
        }
        while inputEnd < count {
            let n = try file.read(into: UnsafeMutableRawBufferPointer(rebasing: input[inputEnd...]))
            if n == 0 { return false }
            inputEnd += n
        }
        return true
    }
}

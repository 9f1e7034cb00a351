/// Reads MRT records (RFC 6396) one at a time from a plain, gzip or bzip2 file, never
/// holding more than one record and a read buffer in memory.
///
/// Framing follows bgpdump: a short header, a short body or a zero length ends the file
/// with a `.framing` error; unknown types are the decoder's business.
public final class MRTReader {
    public let path: String
    private var source: any ByteSource
    private var buffer: UnsafeMutableRawBufferPointer
    private var start = 0, end = 0
    private var consumed: Int64 = 0
    private var finished = false
    private var current: (start: Int, count: Int) = (0, 0)
    /// Records longer than this are taken as corrupt framing rather than read.
    public static let maximumRecordLength = 1 << 24

    public init(path: String) throws(MRTError) {
        self.path = path
        do {
            source = try openByteSource(path: path)
        } catch {
            throw MRTError(.framing, path: path, offset: 0, reason: error.reason)
        }
        buffer = .allocate(byteCount: 1 << 20, alignment: 16)
    }

    /// Reads from an already open source (tests, sockets).
    public init(source: any ByteSource, name: String) {
        path = name
        self.source = source
        buffer = .allocate(byteCount: 1 << 20, alignment: 16)
    }

    deinit { buffer.deallocate() }

    /// The next record's header, or nil at the end of the file. Its body is available
    /// through `withBody` until the next call.
    public func next() throws(MRTError) -> MRTHeader? {
        guard !finished else { return nil }
        let offset = consumed
        guard try available(12) else {
            finished = true
            if end > start { throw framing(offset, "incomplete MRT header (\(end - start) bytes read, expecting 12 or 16)") }
            return nil
        }
        var header = MRTHeader(timestamp: load(0), type: load16(4), subtype: load16(6), length: load(8), offset: offset)
        var headerSize = 12
        if header.type == MRTHeader.RecordType.bgp4mpET {
            guard try available(16) else {
                finished = true
                throw framing(offset, "incomplete MRT header (\(end - start) bytes read, expecting 12 or 16)")
            }
            header.microseconds = load(12)
            headerSize = 16
            guard header.length >= 4 else {
                finished = true
                throw framing(offset, "extended-timestamp record of length \(header.length) (< 4)")
            }
            header.length -= 4
        }
        guard header.length > 0 else {
            finished = true
            throw framing(offset, "invalid entry length: 0")
        }
        guard header.length <= Self.maximumRecordLength else {
            finished = true
            throw framing(offset, "record length \(header.length) over the \(Self.maximumRecordLength)-byte limit")
        }
        let total = headerSize + Int(header.length)
        guard try available(total) else {
            finished = true
            throw framing(offset, "incomplete dump record (\(end - start - headerSize) of \(header.length) bytes)")
        }
        current = (start + headerSize, Int(header.length))
        start += total
        consumed += Int64(total)
        return header
    }

    /// Calls `body` with the bytes of the record `next()` returned last.
    public func withBody<R>(_ body: (UnsafeRawBufferPointer) throws(MRTError) -> R) throws(MRTError) -> R {
        try body(UnsafeRawBufferPointer(rebasing: buffer[current.start..<(current.start + current.count)]))
    }

    private func load(_ at: Int) -> UInt32 {
        UInt32(bigEndian: UnsafeRawPointer(buffer.baseAddress!).loadUnaligned(fromByteOffset: start + at, as: UInt32.self))
    }

    private func load16(_ at: Int) -> UInt16 {
        UInt16(bigEndian: UnsafeRawPointer(buffer.baseAddress!).loadUnaligned(fromByteOffset: start + at, as: UInt16.self))
    }

    private func framing(_ offset: Int64, _ reason: String) -> MRTError {
        MRTError(.framing, path: path, offset: offset, reason: reason)
    }

    /// Makes `count` unread bytes contiguous in the buffer, reading more if needed.
    private func available(_ count: Int) throws(MRTError) -> Bool {
        if end - start >= count { return true }
        if count > buffer.count {
            let bigger = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, buffer.count * 2), alignment: 16)
            bigger.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: end - start)
            buffer.deallocate()
            buffer = bigger
            end -= start
            start = 0
        } else if start + count > buffer.count {
            buffer.baseAddress!.copyMemory(from: buffer.baseAddress! + start, byteCount: end - start)
            end -= start
            start = 0
        }
        while end - start < count {
            let n: Int
            do {
                n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end...]))
            } catch {
                finished = true
                throw MRTError(.framing, path: path, offset: consumed + Int64(end - start), reason: error.reason)
            }
            if n == 0 { return false }
            end += n
        }
        return true
    }
}

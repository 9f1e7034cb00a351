#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file front to back in fixed-size chunks, so files larger than memory stream.
///
/// The one piece of I/O in TocsinCore: every source module reads files (CSV, MRT, pcap,
/// reference data) and they share this reader rather than each carrying its own.
public struct FileChunkReader {
    public let path: String

    public init(path: String) { self.path = path }

    /// Calls `body` with each chunk in order; the buffer is only valid during the call.
    public func forEachChunk(size: Int = 1 << 20, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let file = fopen(path, "rb") else {
            throw FileReadError(path: path, reason: String(cString: strerror(errno)))
        }
        defer { fclose(file) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = fread(buffer.baseAddress, 1, size, file)
            if n > 0 { try body(UnsafeRawBufferPointer(rebasing: buffer[0..<n])) }
            if n < size {
                if ferror(file) != 0 { throw FileReadError(path: path, reason: String(cString: strerror(errno))) }
                return
            }
        }
    }
}

/// A file that could not be opened or read.
public struct FileReadError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "cannot read \(path): \(reason)" }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A stream of bytes read in chunks: a plain file, or one decompressed on the fly.
///
/// `read(into:)` fills as much of the buffer as it can and returns how many bytes it wrote;
/// 0 means the end of the stream.
public protocol ByteSource: AnyObject {
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(ByteSourceError) -> Int
}

/// A failure to read or decompress an input file, with the file and what went wrong.
public struct ByteSourceError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}

/// How a file is compressed, decided like bgpdump does: by the name's ending.
public enum Compression: Sendable, Equatable {
    case none, gzip, bzip2

    public init(path: String) {
        if path.hasSuffix(".bz2") { self = .bzip2 } else if path.hasSuffix(".gz") { self = .gzip } else { self = .none }
    }
}

/// Opens `path` as a byte stream, decompressing by its name's ending.
public func openByteSource(path: String) throws(ByteSourceError) -> any ByteSource {
    let file = try FileByteSource(path: path)
    switch Compression(path: path) {
    case .none: return file
    case .gzip: return try GzipByteSource(file, path: path)
    case .bzip2: return try Bzip2ByteSource(file, path: path)
    }
}

/// A plain file read with `read(2)`; closed when the value goes away.
public final class FileByteSource: ByteSource {
    public let path: String
    private let descriptor: Int32

    public init(path: String) throws(ByteSourceError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw ByteSourceError(path: path, reason: "cannot open: \(String(cString: strerror(errno)))") }
        self.path = path
        descriptor = fd
    }

    deinit { close(descriptor) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(ByteSourceError) -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let n = Glibc.read(descriptor, base, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw ByteSourceError(path: path, reason: "read failed: \(String(cString: strerror(errno)))")
        }
    }
}

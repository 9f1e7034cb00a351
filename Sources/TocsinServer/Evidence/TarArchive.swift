import CZlib
import Foundation

/// A bundle as one download: a POSIX ustar archive of its files, gzip-compressed with zlib.
/// Written here because no kept Swift package writes tar; the format is 512-byte headers and
/// padded contents. Every header carries mode 0644, owner 0 and the time given, so the same
/// files give the same archive.
enum TarArchive {
    static func tarGz(_ files: [EvidenceBundle.File], folder: String, time: Int64) throws -> Data {
        try gzip(tar(files, folder: folder, time: time))
    }

    static func tar(_ files: [EvidenceBundle.File], folder: String, time: Int64) -> Data {
        var out = Data()
        for file in files {
            out += header(name: "\(folder)/\(file.name)", size: file.bytes.count, time: time)
            out += file.bytes
            out += Data(count: (512 - file.bytes.count % 512) % 512)
        }
        out += Data(count: 1024)
        return out
    }

    private static func header(name: String, size: Int, time: Int64) -> Data {
        var h = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int, width: Int) {
            for (i, b) in text.utf8.prefix(width).enumerated() { h[offset + i] = b }
        }
        func octal(_ value: Int, at offset: Int, width: Int) {
            put(String(repeating: "0", count: max(0, width - 1 - String(value, radix: 8).count)) + String(value, radix: 8), at: offset, width: width - 1)
        }
        put(name, at: 0, width: 100)
        octal(0o644, at: 100, width: 8)
        octal(0, at: 108, width: 8)
        octal(0, at: 116, width: 8)
        octal(size, at: 124, width: 12)
        octal(Int(time), at: 136, width: 12)
        for i in 148..<156 { h[i] = 0x20 }
        h[156] = UInt8(ascii: "0")
        put("ustar", at: 257, width: 6)
        put("00", at: 263, width: 2)
        // The checksum: six octal digits, NUL, space (the field counted as spaces meanwhile).
        octal(h.reduce(0) { $0 + Int($1) }, at: 148, width: 7)
        h[154] = 0
        return Data(h)
    }

    /// Compresses with zlib's deflate in a gzip wrapper (window bits 15 + 16).
    static func gzip(_ input: Data) throws -> Data {
        var stream = z_stream()
        guard deflateInit2_(&stream, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw EvidenceError.bundle(file: "bundle.tar.gz", reason: "zlib could not start")
        }
        defer { deflateEnd(&stream) }
        var output = Data(count: Int(deflateBound(&stream, UInt(input.count))) + 64)
        let status: Int32 = input.withUnsafeBytes { (src: UnsafeRawBufferPointer) in
            output.withUnsafeMutableBytes { (dst: UnsafeMutableRawBufferPointer) in
                stream.next_in = UnsafeMutablePointer(mutating: src.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(src.count)
                stream.next_out = dst.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(dst.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw EvidenceError.bundle(file: "bundle.tar.gz", reason: "zlib could not compress (\(status))") }
        output.count = Int(stream.total_out)
        return output
    }
}

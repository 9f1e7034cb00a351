import TocsinCore

/// Big-endian integer reads from a byte array, for binary database formats whose bounds
/// were checked when the file was opened.
struct BigEndianBytes: Sendable {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var count: Int { bytes.count }

    @inline(__always) func u8(_ at: Int) -> UInt8 { bytes[at] }
    @inline(__always) func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1]) }
    @inline(__always) func u32(_ at: Int) -> UInt32 {
        bytes.withUnsafeBytes { UInt32(bigEndian: $0.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
    }
    @inline(__always) func u64(_ at: Int) -> UInt64 { UInt64(u32(at)) << 32 | UInt64(u32(at + 4)) }

    /// Reads a whole file into memory.
    static func read(path: String) throws(ReferenceDataError) -> BigEndianBytes {
        var bytes: [UInt8] = []
        do {
            try FileChunkReader(path: path).forEachChunk(size: 4 << 20) { bytes.append(contentsOf: $0) }
        } catch {
            throw ReferenceDataError(path: path, place: .file, reason: (error as? FileReadError)?.reason ?? "\(error)")
        }
        return BigEndianBytes(bytes)
    }
}

import TocsinCore

/// Streams the lines of a text reference file as strings, with their numbers; blank lines
/// and lines starting with a comment marker are skipped.
enum TextLines {
    static func forEach(path: String, comment: UInt8 = UInt8(ascii: "#"), _ body: (Substring, Int) throws -> Void) throws {
        var splitter = LineSplitter()
        func handle(_ line: UnsafeBufferPointer<UInt8>, _ number: Int) throws {
            guard let first = line.first(where: { $0 != 0x20 && $0 != 0x09 }), first != comment else { return }
            try body(Substring(String(decoding: line, as: UTF8.self)), number)
        }
        do {
            try FileChunkReader(path: path).forEachChunk { try splitter.feed($0, handle) }
        } catch let error as FileReadError {
            throw ReferenceDataError(path: path, place: .file, reason: error.reason)
        }
        try splitter.finish(handle)
    }
}

/// Cuts a byte stream, fed in chunks of any size, into lines.
///
/// Lines end at `\n`; a `\r` before it is dropped. A line split across two chunks is
/// carried over; the last line needs no terminator (call `finish`). Lines are handed out
/// as buffers that are valid only during the callback, so no per-line allocation happens
/// unless a line straddles a chunk boundary.
public struct LineSplitter {
    /// The number of the last line handed out (1-based).
    public private(set) var lineNumber = 0
    private var carry: [UInt8] = []

    public init() {}

    public mutating func feed(
        _ chunk: UnsafeRawBufferPointer,
        _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void
    ) rethrows {
        let bytes = chunk.bindMemory(to: UInt8.self)
        var lineStart = 0
        var i = 0
        let n = bytes.count
        while i < n {
            if bytes[i] == 0x0A {
                lineNumber += 1
                if carry.isEmpty {
                    try body(Self.trimCR(UnsafeBufferPointer(rebasing: bytes[lineStart..<i])), lineNumber)
                } else {
                    carry.append(contentsOf: bytes[lineStart..<i])
                    try carry.withUnsafeBufferPointer { try body(Self.trimCR($0), lineNumber) }
                    carry.removeAll(keepingCapacity: true)
                }
                lineStart = i + 1
            }
            i += 1
        }
        if lineStart < n { carry.append(contentsOf: bytes[lineStart..<n]) }
    }

    public mutating func feed(_ bytes: some ContiguousBytes, _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) rethrows {
        try bytes.withUnsafeBytes { try feed($0, body) }
    }

    /// Hands out the last line if the input did not end with a newline.
    public mutating func finish(_ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) rethrows {
        guard !carry.isEmpty else { return }
        lineNumber += 1
        try carry.withUnsafeBufferPointer { try body(Self.trimCR($0), lineNumber) }
        carry.removeAll()
    }

    private static func trimCR(_ line: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        if let last = line.last, last == 0x0D { return UnsafeBufferPointer(rebasing: line.dropLast()) }
        return line
    }
}

/// Byte sequences whose contiguous storage can be read directly.
public protocol ContiguousBytes {
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
}

extension Array: ContiguousBytes where Element == UInt8 {}
extension ArraySlice: ContiguousBytes where Element == UInt8 {}
extension ContiguousArray: ContiguousBytes where Element == UInt8 {}

/// A big-endian cursor over the bytes of one record or message that never traps.
///
/// Reading past the end yields zeros, moves the cursor to the end and marks the reader as
/// `overran` (bgpdump's "mstream" semantics, which `tocsin mrt dump` must reproduce); the
/// decoders turn that mark into a typed issue instead of stopping. A sub-reader takes at most
/// what remains. The bytes must outlive the reader: use it inside `withUnsafeBytes`.
public struct WireReader {
    @usableFromInline let base: UnsafeRawPointer?
    /// Index of the next byte to read.
    public private(set) var position: Int
    /// Index one past the last readable byte.
    public let end: Int
    /// Set once a read or a sub-reader wanted more than remained.
    public private(set) var overran = false

    public init(_ bytes: UnsafeRawBufferPointer) {
        base = bytes.baseAddress
        position = 0
        end = bytes.count
    }

    private init(base: UnsafeRawPointer?, position: Int, end: Int) {
        self.base = base
        self.position = position
        self.end = end
    }

    public var remaining: Int { end - position }
    public var isAtEnd: Bool { position >= end }

    @inlinable @inline(__always)
    func byte(at index: Int) -> UInt8 { base!.load(fromByteOffset: index, as: UInt8.self) }

    public mutating func u8() -> UInt8 {
        guard position < end else { overran = true; return 0 }
        defer { position += 1 }
        return byte(at: position)
    }

    public mutating func u16() -> UInt16 {
        guard remaining >= 2 else { return exhaust() }
        defer { position += 2 }
        return UInt16(byte(at: position)) << 8 | UInt16(byte(at: position + 1))
    }

    public mutating func u32() -> UInt32 {
        guard remaining >= 4 else { return exhaust() }
        defer { position += 4 }
        return UInt32(bigEndian: base!.loadUnaligned(fromByteOffset: position, as: UInt32.self))
    }

    public mutating func u64() -> UInt64 {
        guard remaining >= 8 else { return exhaust() }
        defer { position += 8 }
        return UInt64(bigEndian: base!.loadUnaligned(fromByteOffset: position, as: UInt64.self))
    }

    /// An unsigned big-endian number of `count` bytes (flow records shorten counters to 1, 2
    /// or 4 bytes; "reduced-size encoding"). Past 8 bytes only the last 8 count.
    public mutating func unsigned(_ count: Int) -> UInt64 {
        guard count > 0 else { return 0 }
        guard remaining >= count else { return exhaust() }
        var value: UInt64 = 0
        for i in 0..<count { value = value << 8 | UInt64(byte(at: position + i)) }
        position += count
        return value
    }

    /// `count` (≤ 16) bytes as the most significant bytes of a 128-bit value, zero-filled.
    public mutating func leftAligned(_ count: Int) -> UInt128 {
        guard count > 0 else { return 0 }
        guard remaining >= count else { return exhaust() }
        var value: UInt128 = 0
        for i in 0..<min(count, 16) { value |= UInt128(byte(at: position + i)) << (120 - 8 * i) }
        position += count
        return value
    }

    /// The index of the last non-zero byte still unread, or nil when all that is left is
    /// zeros (padding). One pass from the end: callers check it once per container.
    public func lastNonZero() -> Int? {
        var i = end - 1
        while i >= position {
            if byte(at: i) != 0 { return i }
            i -= 1
        }
        return nil
    }

    /// The byte at the cursor, without moving; 0 at the end.
    public func peekU8() -> UInt8 { position < end ? byte(at: position) : 0 }

    public mutating func skip(_ count: Int) {
        guard count <= remaining else { overran = true; position = end; return }
        position += max(count, 0)
    }

    /// A reader over the next `count` bytes (fewer if fewer remain: then both are marked).
    public mutating func sub(_ count: Int) -> WireReader {
        let n = min(max(count, 0), remaining)
        var child = WireReader(base: base, position: position, end: position + n)
        if n < count { overran = true; child.overran = true }
        position += n
        return child
    }

    /// Copies the unread bytes out.
    public func rest() -> [UInt8] {
        guard let base, position < end else { return [] }
        return Array(UnsafeRawBufferPointer(start: base + position, count: end - position))
    }

    private mutating func exhaust<T: FixedWidthInteger>() -> T {
        overran = true
        position = end
        return 0
    }
}

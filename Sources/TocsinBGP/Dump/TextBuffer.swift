/// An output buffer of ASCII bytes with the number and address writers the dump needs,
/// so that no line goes through `String`. It owns raw memory (so it cannot be copied): each
/// writer checks the room it needs once, then stores bytes without per-byte bookkeeping.
public struct TextBuffer: ~Copyable {
    private var storage: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    public private(set) var count = 0

    public init(capacity: Int = 1 << 16) {
        self.capacity = max(capacity, 64)
        storage = .allocate(capacity: self.capacity)
    }

    deinit { storage.deallocate() }

    /// A copy of the text so far.
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: storage, count: count)) }

    /// The text so far, without copying.
    public func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: storage, count: count))
    }

    public mutating func removeAll() { count = 0 }

    /// Makes room for `n` more bytes.
    @inline(__always)
    mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(count + n) }
    }

    private mutating func grow(_ needed: Int) {
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: max(needed, capacity * 2))
        bigger.update(from: storage, count: count)
        storage.deallocate()
        storage = bigger
        capacity = max(needed, capacity * 2)
    }

    @inline(__always)
    mutating func put(_ byte: UInt8) {
        storage[count] = byte
        count &+= 1
    }

    @inline(__always)
    public mutating func append(_ byte: UInt8) {
        reserve(1)
        put(byte)
    }

    public mutating func append(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    public mutating func append(_ other: [UInt8]) {
        other.withUnsafeBytes { append($0) }
    }

    public mutating func append(_ raw: UnsafeRawBufferPointer) {
        guard let base = raw.baseAddress, raw.count > 0 else { return }
        reserve(raw.count)
        (storage + count).update(from: base.assumingMemoryBound(to: UInt8.self), count: raw.count)
        count += raw.count
    }

    public mutating func append(_ other: borrowing TextBuffer) {
        other.withBytes { append($0) }
    }

    /// Unsigned decimal, most significant digit first (no scratch buffer, no slices).
    public mutating func decimal(_ value: UInt64) {
        reserve(20)
        if value < 10 { put(0x30 &+ UInt8(truncatingIfNeeded: value)); return }
        var divisor: UInt64 = 10
        while divisor <= value / 10 { divisor &*= 10 }
        var rest = value
        while divisor > 0 {
            let digit = rest / divisor
            put(0x30 &+ UInt8(truncatingIfNeeded: digit))
            rest -= digit &* divisor
            divisor /= 10
        }
    }

    @inline(__always)
    public mutating func decimal(_ value: UInt32) { decimal(UInt64(value)) }

    /// 0–255 without a division loop: the IPv4 octets.
    @inline(__always)
    mutating func octet(_ value: UInt8) {
        if value >= 100 {
            put(0x30 &+ value / 100)
            put(0x30 &+ (value / 10) % 10)
        } else if value >= 10 {
            put(0x30 &+ value / 10)
        }
        put(0x30 &+ value % 10)
    }

    /// Signed decimal, as C's `%d` prints a 32-bit value.
    public mutating func signed(_ value: Int32) {
        if value < 0 { append(0x2D) }
        decimal(UInt64(value.magnitude))
    }

    /// Zero-padded to at least `width` digits (`%06u`).
    public mutating func decimal(_ value: UInt32, width: Int) {
        var digits = 1, v = value
        while v >= 10 { v /= 10; digits += 1 }
        for _ in digits..<max(width, digits) { append(0x30) }
        decimal(UInt64(value))
    }

    /// Dotted-quad IPv4.
    public mutating func ipv4(_ address: UInt32) {
        reserve(15)
        octet(UInt8(truncatingIfNeeded: address >> 24)); put(0x2E)
        octet(UInt8(truncatingIfNeeded: address >> 16)); put(0x2E)
        octet(UInt8(truncatingIfNeeded: address >> 8)); put(0x2E)
        octet(UInt8(truncatingIfNeeded: address))
    }

    /// IPv6 as bgpdump's `fmt_ipv6` writes it: v4-mapped and v4-compatible forms with a
    /// dotted quad, otherwise lower-case groups with the leftmost longest run of zero groups
    /// (even a single one) written as `::`.
    public mutating func ipv6(_ address: UInt128) {
        reserve(48)
        let low32 = UInt32(truncatingIfNeeded: address)
        if address >> 32 == 0xFFFF {
            append("::ffff:")
            ipv4(low32)
            return
        }
        if address >> 32 == 0, low32 > 1 {
            append("::")
            ipv4(low32)
            return
        }
        var groups: (UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16) = (0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &groups) { raw in
            let g = raw.bindMemory(to: UInt16.self)
            for i in 0..<8 { g[i] = UInt16(truncatingIfNeeded: address >> (112 - 16 * i)) }
            var bestStart = -1, bestLength = 0, runStart = -1
            for i in 0...8 {
                if i < 8, g[i] == 0 {
                    if runStart < 0 { runStart = i }
                } else if runStart >= 0 {
                    if i - runStart > bestLength { bestStart = runStart; bestLength = i - runStart }
                    runStart = -1
                }
            }
            var i = 0
            while i < 8 {
                if i == bestStart {
                    append(0x3A)
                    if i == 0 { append(0x3A) }
                    i += bestLength
                    continue
                }
                hex(g[i])
                if i < 7 { append(0x3A) }
                i += 1
            }
        }
    }

    private mutating func hex(_ value: UInt16) {
        let digits: StaticString = "0123456789abcdef"
        var started = false
        digits.withUTF8Buffer { d in
            for shift in stride(from: 12, through: 0, by: -4) {
                let nibble = Int((value >> UInt16(shift)) & 0xF)
                if nibble != 0 || started || shift == 0 {
                    put(d[nibble])
                    started = true
                }
            }
        }
    }
}

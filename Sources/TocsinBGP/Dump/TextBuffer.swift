/// An output buffer of ASCII bytes with the number and address writers the dump needs,
/// so that no line goes through `String`.
public struct TextBuffer {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    public var count: Int { bytes.count }

    public mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    @inline(__always)
    public mutating func append(_ byte: UInt8) { bytes.append(byte) }

    public mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    public mutating func append(_ other: [UInt8]) { bytes.append(contentsOf: other) }

    public mutating func append(_ other: ArraySlice<UInt8>) { bytes.append(contentsOf: other) }

    /// Unsigned decimal.
    public mutating func decimal(_ value: UInt64) {
        if value < 10 { bytes.append(0x30 + UInt8(value)); return }
        var digits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)  // 32 bytes of scratch
        let count = withUnsafeMutableBytes(of: &digits) { scratch -> Int in
            var v = value, i = 32
            while v > 0 {
                i -= 1
                scratch[i] = 0x30 + UInt8(v % 10)
                v /= 10
            }
            bytes.append(contentsOf: scratch[i...])
            return 32 - i
        }
        _ = count
    }

    @inline(__always)
    public mutating func decimal(_ value: UInt32) { decimal(UInt64(value)) }

    /// Signed decimal, as C's `%d` prints a 32-bit value.
    public mutating func signed(_ value: Int32) {
        if value < 0 { bytes.append(0x2D) }
        decimal(UInt64(value.magnitude))
    }

    /// Zero-padded to at least `width` digits (`%06u`).
    public mutating func decimal(_ value: UInt32, width: Int) {
        var digits = 1, v = value
        while v >= 10 { v /= 10; digits += 1 }
        for _ in digits..<max(width, digits) { bytes.append(0x30) }
        decimal(UInt64(value))
    }

    /// Dotted-quad IPv4.
    public mutating func ipv4(_ address: UInt32) {
        decimal(UInt64(address >> 24)); append(0x2E)
        decimal(UInt64((address >> 16) & 0xFF)); append(0x2E)
        decimal(UInt64((address >> 8) & 0xFF)); append(0x2E)
        decimal(UInt64(address & 0xFF))
    }

    /// IPv6 as bgpdump's `fmt_ipv6` writes it: v4-mapped and v4-compatible forms with a
    /// dotted quad, otherwise lower-case groups with the leftmost longest run of zero groups
    /// (even a single one) written as `::`.
    public mutating func ipv6(_ address: UInt128) {
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
                    bytes.append(d[nibble])
                    started = true
                }
            }
        }
    }
}

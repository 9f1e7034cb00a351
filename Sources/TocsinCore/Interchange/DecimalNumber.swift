/// Parses the numbers found in interchange files without going through `String`.
enum DecimalNumber {
    /// A finite `Double` from ASCII bytes, or nil. Plain decimals (`123`, `-4.25`) take a fast
    /// exact path; anything else (exponents, long mantissas) goes through the standard parser.
    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !b.isEmpty else { return nil }
        var i = 0
        var negative = false
        if b[0] == 0x2D || b[0] == 0x2B { negative = b[0] == 0x2D; i = 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var seenPoint = false
        var simple = i < b.count
        while i < b.count {
            let c = b[i]
            if c == 0x2E, !seenPoint {
                seenPoint = true
            } else if c &- 0x30 < 10 {
                mantissa = mantissa &* 10 &+ UInt64(c &- 0x30)
                digits += 1
                if seenPoint { fractionDigits += 1 }
            } else {
                simple = false
                break
            }
            i += 1
        }
        if simple, digits > 0, digits <= 15, fractionDigits < powersOfTen.count {
            // Both operands are exact in binary64, so one division rounds correctly.
            let v = Double(mantissa) / powersOfTen[fractionDigits]
            return negative ? -v : v
        }
        guard let text = String(validating: b, as: UTF8.self), let v = Double(text), v.isFinite else { return nil }
        return v
    }

    private static let powersOfTen: [Double] = (0...15).map { p in (0..<p).reduce(1.0) { r, _ in r * 10 } }
}

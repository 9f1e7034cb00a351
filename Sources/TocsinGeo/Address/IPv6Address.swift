/// An IPv6 address as a 128-bit number.
public struct IPv6Address: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var value: UInt128

    public init(_ value: UInt128) { self.value = value }

    /// `::ffff:a.b.c.d`, the form IPv4 takes in IPv6 tables.
    public init(mapping v4: IPv4Address) { value = 0xFFFF_0000_0000 | UInt128(v4.value) }

    /// The IPv4 address this is a mapping of (`::ffff:a.b.c.d`), if it is one.
    public var mappedIPv4: IPv4Address? {
        value >> 32 == 0xFFFF ? IPv4Address(UInt32(truncatingIfNeeded: value)) : nil
    }

    /// Parses RFC 4291 text: eight groups, `::` once, an embedded dotted IPv4 tail.
    public init?(_ text: some StringProtocol) {
        let text = Substring(text)
        guard text.utf8.count <= 45 else { return nil }
        let groups: [UInt16]
        if let gap = text.firstRange(of: "::") {
            let after = text[gap.upperBound...]
            guard after.firstRange(of: "::") == nil,
                  let head = Self.groups(text[..<gap.lowerBound], allowIPv4Tail: false),
                  let tail = Self.groups(after, allowIPv4Tail: true),
                  head.count + tail.count <= 7
            else { return nil }
            groups = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            guard let all = Self.groups(text, allowIPv4Tail: true), all.count == 8 else { return nil }
            groups = all
        }
        value = groups.reduce(UInt128(0)) { $0 << 16 | UInt128($1) }
    }

    /// The 16-bit groups of colon-separated text (no `::` inside); nil if malformed.
    private static func groups(_ part: Substring, allowIPv4Tail: Bool) -> [UInt16]? {
        if part.isEmpty { return [] }
        let fields = part.split(separator: ":", omittingEmptySubsequences: false)
        var out: [UInt16] = []
        for (i, field) in fields.enumerated() {
            if allowIPv4Tail, i == fields.count - 1, field.contains(".") {
                guard let v4 = IPv4Address(field) else { return nil }
                out += [UInt16(v4.value >> 16), UInt16(v4.value & 0xFFFF)]
                continue
            }
            guard (1...4).contains(field.utf8.count), field.utf8.allSatisfy({ $0.isHexDigit }),
                  let g = UInt16(field, radix: 16)
            else { return nil }
            out.append(g)
        }
        return out
    }

    /// RFC 5952 text: lower case, zeros suppressed, the longest run of two or more zero
    /// groups as `::`.
    public var description: String {
        let groups = (0..<8).map { UInt16(truncatingIfNeeded: value >> (112 - 16 * $0)) }
        if let v4 = mappedIPv4 { return "::ffff:\(v4)" }
        var bestStart = -1, bestLength = 0, runStart = -1
        for i in 0...8 {
            if i < 8, groups[i] == 0 {
                if runStart < 0 { runStart = i }
            } else if runStart >= 0 {
                if i - runStart > bestLength, i - runStart >= 2 { bestStart = runStart; bestLength = i - runStart }
                runStart = -1
            }
        }
        func hex(_ range: Range<Int>) -> String { range.map { String(groups[$0], radix: 16) }.joined(separator: ":") }
        guard bestStart >= 0 else { return hex(0..<8) }
        return hex(0..<bestStart) + "::" + hex((bestStart + bestLength)..<8)
    }

    /// The /48 block holding this address, as its top 48 bits.
    public var slash48: UInt64 { UInt64(truncatingIfNeeded: value >> 80) }

    public static func < (a: IPv6Address, b: IPv6Address) -> Bool { a.value < b.value }
}

extension UInt8 {
    var isHexDigit: Bool { (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self) }
}

import Testing
import TocsinBGP

/// The address and AS-path text rules bgpdump uses (docs/mrt-bgpdump-m-format.md §4).
@Suite("Dump text")
struct TextFormattingTests {
    static func ipv6(_ groups: [UInt16]) -> String {
        var value: UInt128 = 0
        for g in groups { value = value << 16 | UInt128(g) }
        var text = TextBuffer()
        text.ipv6(value)
        return String(decoding: text.bytes, as: UTF8.self)
    }

    @Test func ipv6Forms() {
        #expect(Self.ipv6([1, 0, 1, 0, 1, 0, 1, 0]) == "1::1:0:1:0:1:0")
        #expect(Self.ipv6([0, 0, 0, 0, 0, 0xFFFF, 0, 0]) == "::ffff:0.0.0.0")
        #expect(Self.ipv6([0, 0, 0, 0, 0, 0, 0, 2]) == "::0.0.0.2")
        #expect(Self.ipv6([0, 0, 0, 0, 0, 0, 0x0102, 0x0304]) == "::1.2.3.4")
        #expect(Self.ipv6([0, 0, 0, 0, 0, 0, 0, 1]) == "::1")
        #expect(Self.ipv6([0, 0, 0, 0, 0, 0, 0, 0]) == "::")
        #expect(Self.ipv6([0x2001, 0xdb8, 0, 0, 0, 0xffff, 0x102, 0x304]) == "2001:db8::ffff:102:304")
        #expect(Self.ipv6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0]) == "2001:db8::")
        #expect(Self.ipv6([0x2001, 0x7f8, 0x54, 0, 0, 0, 0, 0x188]) == "2001:7f8:54::188")
    }

    @Test func decimals() {
        var text = TextBuffer()
        text.decimal(UInt64(0)); text.append(0x20)
        text.decimal(UInt32.max); text.append(0x20)
        text.signed(Int32.min); text.append(0x20)
        text.decimal(584_878, width: 6); text.append(0x20)
        text.decimal(42, width: 6)
        #expect(String(decoding: text.bytes, as: UTF8.self) == "0 4294967295 -2147483648 584878 000042")
    }

    @Test("AS4_PATH merge, bgpdump 1.6.2's way")
    func as4Merge() {
        let seq = ASPath.SegmentType.sequence, set = ASPath.SegmentType.set
        let usual = ASPath(segments: [.init(seq, [65001, 23456, 23456])]).merged(withAS4: ASPath(segments: [.init(seq, [4_200_000_001, 4_200_000_002])]))
        #expect(usual?.segments.flatMap(\.asns) == [65001, 4_200_000_001, 4_200_000_002])
        let setFirst = ASPath(segments: [.init(set, [1, 2]), .init(seq, [3, 23456])]).merged(withAS4: ASPath(segments: [.init(seq, [4_200_000_003])]))
        #expect(setFirst?.segments == [.init(set, [1, 2]), .init(set, [1, 2]), .init(seq, [4_200_000_003])])
        let repeated = ASPath(segments: [.init(seq, [1, 2, 3]), .init(seq, [4, 23456])]).merged(withAS4: ASPath(segments: [.init(seq, [4_200_000_004])]))
        #expect(repeated?.segments.flatMap(\.asns) == [1, 2, 3, 1, 4_200_000_004])
        #expect(ASPath(segments: [.init(seq, [1])]).merged(withAS4: ASPath(segments: [.init(seq, [1, 2])])) == nil)
        #expect(ASPath(segments: [.init(seq, [65001, 9198])]).origin == 9198)
        #expect(ASPath(segments: [.init(seq, [65001]), .init(set, [1, 2])]).origin == nil)
    }
}

import TocsinCore

/// An AS_PATH or AS4_PATH attribute (RFC 4271 §4.3, RFC 6793), as segments.
public struct ASPath: Sendable, Hashable {
    /// A run of ASNs of one kind.
    public struct Segment: Sendable, Hashable {
        public var type: SegmentType
        public var asns: [UInt32]

        public init(_ type: SegmentType, _ asns: [UInt32]) {
            self.type = type
            self.asns = asns
        }
    }

    public enum SegmentType: UInt8, Sendable, Hashable {
        case set = 1, sequence = 2, confedSequence = 3, confedSet = 4
    }

    public var segments: [Segment]
    /// Set when a segment had an unknown type or ran past the attribute: bgpdump prints
    /// `! Error !` for the whole path, and no origin can be taken from it.
    public var isMalformed: Bool

    public init(segments: [Segment], isMalformed: Bool = false) {
        self.segments = segments
        self.isMalformed = isMalformed
    }

    /// Decodes the attribute value with 2- or 4-byte ASNs.
    public init(decoding reader: inout WireReader, asnSize: Int) {
        var segments: [Segment] = []
        while !reader.isAtEnd {
            let rawType = reader.u8()
            let count = Int(reader.u8())
            guard let type = SegmentType(rawValue: rawType), count * asnSize <= reader.remaining else {
                self.init(segments: segments, isMalformed: true)
                return
            }
            var asns: [UInt32] = []
            asns.reserveCapacity(count)
            for _ in 0..<count { asns.append(asnSize == 4 ? reader.u32() : UInt32(reader.u16())) }
            segments.append(Segment(type, asns))
        }
        self.init(segments: segments)
    }

    /// The origin AS: the last ASN of a final sequence, or the only member of a final set.
    public var origin: UInt32? {
        guard !isMalformed, let last = segments.last(where: { !$0.asns.isEmpty }) else { return nil }
        switch last.type {
        case .sequence: return last.asns.last
        case .set: return last.asns.count == 1 ? last.asns[0] : nil
        case .confedSequence, .confedSet: return nil
        }
    }

    /// The path length as RFC 4271 §9.1.2.2 counts it (a set counts one); 0 if malformed.
    public var count: Int {
        guard !isMalformed else { return 0 }
        return segments.reduce(0) { n, s in
            switch s.type {
            case .sequence, .confedSequence: n + s.asns.count
            case .set, .confedSet: n + 1
            }
        }
    }

    /// Reconstructs the 4-byte path from a 2-byte AS_PATH and an AS4_PATH (RFC 6793 §4.2.3)
    /// the way bgpdump 1.6.2 does, including its bug: the leading ASNs are copies of the first
    /// AS_PATH segment, repeated until enough are taken (right for the usual single leading
    /// sequence). Returns nil when AS_PATH is the shorter and is kept as it is.
    public func merged(withAS4 as4: ASPath) -> ASPath? {
        let target = count - as4.count
        guard target >= 0 else { return nil }
        var segments: [Segment] = []
        var taken = 0
        if target > 0, let first = self.segments.first {
            if first.type == .set || first.type == .confedSet {
                while taken < target { segments.append(first); taken += 1 }
            } else if !first.asns.isEmpty {
                while taken < target {
                    let n = min(first.asns.count, target - taken)
                    segments.append(Segment(first.type, Array(first.asns.prefix(n))))
                    taken += n
                }
            } else {
                // bgpdump loops until memory runs out and prints an empty path.
                return ASPath(segments: [])
            }
        }
        segments += as4.segments
        return ASPath(segments: segments, isMalformed: as4.isMalformed)
    }
}

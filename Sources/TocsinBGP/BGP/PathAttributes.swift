import TocsinCore

/// The path attributes of an UPDATE or a RIB entry (RFC 4271 §5, RFC 4760, RFC 1997,
/// RFC 8092, RFC 6793), decoded leniently: a short value reads as zeros and is reported in
/// `issues`, as bgpdump does, so one bad attribute never loses the rest of the record.
public struct PathAttributes: Sendable {
    public var origin: UInt8?
    public var asPath: ASPath?
    public var nextHop: UInt32?
    public var med: UInt32?
    public var localPref: UInt32?
    public var atomicAggregate = false
    public var aggregator: (asn: UInt32, address: UInt32)?
    public var communities: [UInt32]?
    public var largeCommunities: [UInt32]?
    public var as4Path: ASPath?
    public var as4Aggregator: (asn: UInt32, address: UInt32)?
    /// MP_REACH_NLRI lists in the order met.
    public var reach: [MultiprotocolReach] = []
    /// MP_UNREACH_NLRI lists in the order met.
    public var unreach: [MultiprotocolUnreach] = []
    /// Attribute type codes this decoder does not interpret.
    public var unknownTypes: [UInt8] = []
    /// What was wrong with the attributes; empty when they were well formed.
    public var issues: [BGPIssue] = []

    public init() {}
}

/// An MP_REACH_NLRI list: one address family's next hop and announced prefixes.
public struct MultiprotocolReach: Sendable {
    public var afi: UInt16
    public var safi: UInt8
    /// Next-hop bytes as sent (4, 16 or 32 bytes in well-formed messages).
    public var nextHopLength: UInt8
    public var nextHop: UInt128
    public var prefixes: [RoutePrefix]
    /// The RFC 6396 §4.3.4 short form used inside RIB entries (no AFI/SAFI, no NLRI).
    public var isAbbreviated: Bool
}

/// An MP_UNREACH_NLRI list: one address family's withdrawn prefixes.
public struct MultiprotocolUnreach: Sendable {
    public var afi: UInt16
    public var safi: UInt8
    public var prefixes: [RoutePrefix]
}

/// Something wrong in a BGP message or its attributes, named by what and where.
public struct BGPIssue: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case truncated, malformedAttribute, unknownFamily, duplicateAttribute, malformedPath
        /// Ignored as the RFCs say (a malformed AS4_PATH); not a reason to reset a session.
        case discardedAttribute
    }
    public var kind: Kind
    public var detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String { "\(kind.rawValue): \(detail)" }
}

extension PathAttributes {
    /// Decodes `reader` to its end. `asnSize` is 2 or 4; `addPath` applies to MP lists.
    public init(decoding reader: inout WireReader, asnSize: Int, addPath: AddPathFamilies) {
        self.init()
        var seen: UInt64 = 0
        while !reader.isAtEnd {
            let flags = reader.u8()
            let type = reader.u8()
            let length = flags & 0x10 != 0 ? Int(reader.u16()) : Int(reader.u8())
            if reader.remaining < length || reader.overran {
                issues.append(BGPIssue(.truncated, "attribute \(type) wants \(length) bytes, \(reader.remaining) remain"))
                reader.skip(length)
                break
            }
            var value = reader.sub(length)
            if type < 64 {
                if seen & (1 << UInt64(type)) != 0, type != 14, type != 15 {
                    issues.append(BGPIssue(.duplicateAttribute, "attribute \(type) repeated"))
                    continue
                }
                seen |= 1 << UInt64(type)
            }
            decodeAttribute(type: type, value: &value, asnSize: asnSize, addPath: addPath)
            if value.overran { issues.append(BGPIssue(.malformedAttribute, "attribute \(type) shorter than its fields")) }
        }
        if asnSize == 2 { applyAS4() }
    }

    private mutating func decodeAttribute(type: UInt8, value: inout WireReader, asnSize: Int, addPath: AddPathFamilies) {
        switch type {
        case 1: origin = value.u8()
        case 2:
            let path = ASPath(decoding: &value, asnSize: asnSize)
            if path.isMalformed { issues.append(BGPIssue(.malformedPath, "AS_PATH")) }
            asPath = path
        case 3: nextHop = value.u32()
        case 4: med = value.u32()
        case 5: localPref = value.u32()
        case 6: atomicAggregate = true
        case 7:
            let asn = asnSize == 4 ? value.u32() : UInt32(value.u16())
            aggregator = (asn, value.u32())
        case 8:
            var list: [UInt32] = []
            list.reserveCapacity(value.remaining / 4)
            while value.remaining >= 4 { list.append(value.u32()) }
            communities = list
        case 14: decodeReach(&value, addPath: addPath)
        case 15:
            let afi = value.u16(), safi = value.u8()
            guard let family = Self.family(afi: afi, safi: safi) else {
                issues.append(BGPIssue(.unknownFamily, "MP_UNREACH AFI \(afi) SAFI \(safi)"))
                return
            }
            if unreach.contains(where: { $0.afi == afi && $0.safi == safi }) {
                issues.append(BGPIssue(.duplicateAttribute, "MP_UNREACH for AFI \(afi) SAFI \(safi) repeated"))
                return
            }
            var prefixes: [RoutePrefix] = []
            value.prefixList(family: family, addPath: addPath.includes(family), into: &prefixes)
            unreach.append(MultiprotocolUnreach(afi: afi, safi: safi, prefixes: prefixes))
        case 17:
            // RFC 6793 §6: a malformed AS4_PATH is discarded, never a session error.
            let path = ASPath(decoding: &value, asnSize: 4)
            if path.isMalformed { issues.append(BGPIssue(.discardedAttribute, "malformed AS4_PATH")) }
            as4Path = path
        case 18: as4Aggregator = (value.u32(), value.u32())
        case 32:
            var list: [UInt32] = []
            list.reserveCapacity(value.remaining / 4)
            while value.remaining >= 12 { list.append(value.u32()); list.append(value.u32()); list.append(value.u32()) }
            largeCommunities = list
        case 9, 10, 16: break  // ORIGINATOR_ID, CLUSTER_LIST, extended communities: not used
        default: unknownTypes.append(type)
        }
    }

    private mutating func decodeReach(_ value: inout WireReader, addPath: AddPathFamilies) {
        if value.peekU8() != 0 {
            // RFC 6396 §4.3.4: in RIB entries only the next-hop length and next hop remain.
            if reach.contains(where: { $0.isAbbreviated }) {
                issues.append(BGPIssue(.duplicateAttribute, "second abbreviated MP_REACH"))
                return
            }
            let length = value.u8()
            let nextHop = value.leftAligned(min(Int(length), 16))
            reach.append(MultiprotocolReach(afi: 2, safi: 1, nextHopLength: length, nextHop: nextHop, prefixes: [], isAbbreviated: true))
            return
        }
        let afi = value.u16(), safi = value.u8()
        guard let family = Self.family(afi: afi, safi: safi) else {
            issues.append(BGPIssue(.unknownFamily, "MP_REACH AFI \(afi) SAFI \(safi)"))
            return
        }
        if reach.contains(where: { $0.afi == afi && $0.safi == safi }) {
            issues.append(BGPIssue(.duplicateAttribute, "MP_REACH for AFI \(afi) SAFI \(safi) repeated"))
            return
        }
        let length = value.u8()
        var nextHop: UInt128 = 0
        switch length {
        case 4, 16: nextHop = value.leftAligned(Int(length))
        case 32: nextHop = value.leftAligned(16); value.skip(16)
        default:
            // bgpdump leaves the next-hop bytes unread and goes on from here.
            issues.append(BGPIssue(.malformedAttribute, "MP_REACH next hop of \(length) bytes"))
        }
        let snpaCount = value.u8()
        for _ in 0..<snpaCount { value.skip(Int(value.u8())) }
        var prefixes: [RoutePrefix] = []
        value.prefixList(family: family, addPath: addPath.includes(family), into: &prefixes)
        reach.append(MultiprotocolReach(afi: afi, safi: safi, nextHopLength: length, nextHop: nextHop, prefixes: prefixes, isAbbreviated: false))
    }

    /// bgpdump's accepted families: AFI 1–2, SAFI 1–3 (AFI or SAFI 0 decode but never print).
    private static func family(afi: UInt16, safi: UInt8) -> AddressFamilyID? {
        guard afi <= 2, safi <= 3 else { return nil }
        return afi == 2 ? .ipv6 : .ipv4
    }

    /// RFC 6793 §4.2.3 as bgpdump 1.6.2 applies it (see `ASPath.merged(withAS4:)`).
    private mutating func applyAS4() {
        if let agg = aggregator, let agg4 = as4Aggregator {
            guard agg.asn == 23456 else { return }
            aggregator = agg4
        }
        guard let as4Path, let asPath, let merged = asPath.merged(withAS4: as4Path) else { return }
        self.asPath = merged
    }
}

import TocsinCore

/// A BGP UPDATE (RFC 4271 §4.3 with RFC 4760 multiprotocol lists).
public struct BGPUpdate: Sendable {
    /// Withdrawn IPv4 routes from the classic field.
    public var withdrawn: [RoutePrefix] = []
    public var attributes = PathAttributes()
    /// Announced IPv4 routes from the classic NLRI field.
    public var announced: [RoutePrefix] = []

    public init() {}

    /// Decodes the UPDATE body (after the 19-byte header) to the end of `reader`.
    public init(decoding reader: inout WireReader, asnSize: Int, addPath: AddPathFamilies) {
        var withdrawnField = reader.sub(Int(reader.u16()))
        withdrawnField.prefixList(family: .ipv4, addPath: addPath.includes(.ipv4), into: &withdrawn)
        var attributeField = reader.sub(Int(reader.u16()))
        attributes = PathAttributes(decoding: &attributeField, asnSize: asnSize, addPath: addPath)
        if withdrawnField.overran || attributeField.overran {
            attributes.issues.append(BGPIssue(.truncated, "UPDATE fields run past the message"))
        }
        reader.prefixList(family: .ipv4, addPath: addPath.includes(.ipv4), into: &announced)
        if reader.overran { attributes.issues.append(BGPIssue(.truncated, "NLRI runs past the message")) }
    }

    /// Every unicast route withdrawn, classic and multiprotocol.
    public var allWithdrawn: [RoutePrefix] {
        withdrawn + attributes.unreach.filter { $0.safi == 1 && ($0.afi == 1 || $0.afi == 2) }.flatMap(\.prefixes)
    }

    /// Every unicast route announced, classic and multiprotocol.
    public var allAnnounced: [RoutePrefix] {
        announced + attributes.reach.filter { $0.safi == 1 && ($0.afi == 1 || $0.afi == 2) && !$0.isAbbreviated }.flatMap(\.prefixes)
    }

    /// An UPDATE with no routes at all: RFC 4724's End-of-RIB marker among others.
    public var isEmpty: Bool {
        withdrawn.isEmpty && announced.isEmpty && attributes.reach.allSatisfy(\.prefixes.isEmpty)
            && attributes.unreach.allSatisfy(\.prefixes.isEmpty)
    }
}

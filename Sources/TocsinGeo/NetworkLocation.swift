import TocsinCore

/// Where an address or block is, in the terms signals are counted in: its origin AS,
/// country, region and access group, and the entities it therefore counts for.
public struct NetworkLocation: Sendable, Hashable {
    public var asn: UInt32?
    public var country: String?
    /// ISO 3166-2, e.g. `KZ-ALA`.
    public var region: String?
    public var group: AccessGroup?

    public init(asn: UInt32? = nil, country: String? = nil, region: String? = nil, group: AccessGroup? = nil) {
        self.asn = asn
        self.country = country
        self.region = region
        self.group = group
    }

    /// From a reference-data answer (mobile and fixed networks make access groups).
    public init(_ answer: GeoAnswer) {
        let group: AccessGroup? = switch answer.access {
        case .mobile: .mobile
        case .fixed: .fixed
        default: nil
        }
        self.init(asn: answer.asn, country: answer.country, region: answer.region, group: group)
    }

    /// The entities it counts for: its AS, its country, the country's access group and
    /// its region.
    public var entities: [EntityID] {
        var entities: [EntityID] = []
        if let asn, asn != 0 { entities.append(.asn(asn)) }
        if let country, let id = try? EntityID.country(country) {
            entities.append(id)
            if let group { entities.append(EntityID(kind: .accessGroup(country: country, group: group))) }
            if let region, let id = try? EntityID("region/\(region)") { entities.append(id) }
        }
        return entities
    }
}

extension GeoDatabase {
    /// Where `ip` is; empty when the reference data says nothing.
    public func location(of ip: IPAddress) -> NetworkLocation {
        (try? lookup(ip)).map(NetworkLocation.init) ?? NetworkLocation()
    }
}

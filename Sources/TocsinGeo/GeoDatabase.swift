import TocsinCore

/// Which reference data gave an answer.
public enum GeoSource: String, Sendable, Hashable, Codable {
    case libloc, maxmind, torGeoIP = "tor-geoip", rirDelegated = "rir-delegated", prefixToAS = "pfx2as"
    case operatorConfig = "operator", curated, nameHeuristic = "name-heuristic"
}

/// Everything known of one address, and which source gave each field.
public struct GeoAnswer: Sendable, Hashable {
    public var ip: IPAddress
    public var prefix: String?
    public var country: String?
    /// ISO 3166-2, e.g. `KZ-ALA`.
    public var region: String?
    public var asn: UInt32?
    public var asName: String?
    public var access: AccessType?
    /// Field name (`prefix`, `country`, `region`, `asn`, `as_name`, `access`) → source.
    public var sources: [String: GeoSource] = [:]

    public init(ip: IPAddress) { self.ip = ip }
}

/// Combines the reference data at hand into one answer per address, with a fixed precedence:
///
/// | field | first | then |
/// |---|---|---|
/// | country | IPFire location (libloc) | MaxMind, Tor GeoIP, RIR registration |
/// | region | MaxMind, only when its country agrees | — |
/// | asn | prefix-to-AS table (routing data) | libloc, MaxMind (ASN databases) |
/// | as_name | networks registry (operator, curated) | libloc AS names |
/// | access | networks registry | — |
///
/// libloc comes first for country because it is current and is the source Tor's files are
/// made from; MaxMind's free City data stopped in 2019 but is the only one with regions.
public struct GeoDatabase: Sendable {
    public var libloc: LocationDatabase?
    public var maxmind: MaxMindDatabase?
    public var torIPv4: IPv4PrefixTable<String>?
    public var torIPv6: IPv6PrefixTable<String>?
    public var registeredIPv4: IPv4PrefixTable<String>?
    public var registeredIPv6: IPv6PrefixTable<String>?
    public var routedIPv4: IPv4PrefixTable<UInt32>?
    public var routedIPv6: IPv6PrefixTable<UInt32>?
    public var registry: NetworksRegistry

    public init(registry: NetworksRegistry = NetworksRegistry()) { self.registry = registry }

    public var isEmpty: Bool {
        libloc == nil && maxmind == nil && torIPv4 == nil && torIPv6 == nil && registeredIPv4 == nil
            && registeredIPv6 == nil && routedIPv4 == nil && routedIPv6 == nil
    }

    public func lookup(_ ip: IPAddress) throws(ReferenceDataError) -> GeoAnswer {
        var answer = GeoAnswer(ip: ip)
        func set<T>(_ field: WritableKeyPath<GeoAnswer, T?>, _ name: String, _ value: T?, _ source: GeoSource) {
            guard answer[keyPath: field] == nil, let value else { return }
            answer[keyPath: field] = value
            answer.sources[name] = source
        }
        // Routing data first for the AS and its prefix.
        switch ip {
        case .v4(let a):
            if let m = routedIPv4?.lookup(a.value) { set(\.asn, "asn", m.payload, .prefixToAS); set(\.prefix, "prefix", m.prefix.description, .prefixToAS) }
        case .v6(let a):
            if let m = routedIPv6?.lookup(a.value) { set(\.asn, "asn", m.payload, .prefixToAS); set(\.prefix, "prefix", m.prefix.description, .prefixToAS) }
        }
        if let libloc, let (prefix, network) = Self.libloc(libloc, ip) {
            set(\.prefix, "prefix", prefix, .libloc)
            set(\.country, "country", network.country.isEmpty ? nil : network.country, .libloc)
            set(\.asn, "asn", network.asn == 0 ? nil : network.asn, .libloc)
        }
        if let maxmind, let (length, record) = try maxmind.lookup(ip) {
            let country = record["country"]?["iso_code"]?.string ?? record["registered_country"]?["iso_code"]?.string
            set(\.country, "country", country, .maxmind)
            if let sub = record["subdivisions"]?[0]?["iso_code"]?.string, let country, answer.country == country {
                set(\.region, "region", "\(country)-\(sub)", .maxmind)
            }
            if let asn = record["autonomous_system_number"]?.unsigned, asn > 0, asn <= UInt64(UInt32.max) {
                set(\.asn, "asn", UInt32(asn), .maxmind)
            }
            if answer.prefix == nil { set(\.prefix, "prefix", Self.prefixText(ip, length), .maxmind) }
        }
        switch ip {
        case .v4(let a):
            set(\.country, "country", torIPv4?.lookup(a.value)?.payload, .torGeoIP)
            set(\.country, "country", registeredIPv4?.lookup(a.value)?.payload, .rirDelegated)
        case .v6(let a):
            set(\.country, "country", torIPv6?.lookup(a.value)?.payload, .torGeoIP)
            set(\.country, "country", registeredIPv6?.lookup(a.value)?.payload, .rirDelegated)
        }
        if let asn = answer.asn {
            let info = registry.network(asn) ?? registry.labelled(asn: asn, name: libloc?.asName(asn), country: answer.country ?? "")
            let source: GeoSource? = switch info.provenance {
            case .operatorConfig: .operatorConfig
            case .curated: .curated
            case .nameHeuristic: .nameHeuristic
            case .none: nil
            }
            if let source, info.provenance != .nameHeuristic { set(\.asName, "as_name", info.name, source) }
            set(\.asName, "as_name", libloc?.asName(asn), .libloc)
            if let source { set(\.access, "access", info.access, source) }
        }
        return answer
    }

    private static func libloc(_ db: LocationDatabase, _ ip: IPAddress) -> (String, LocationDatabase.Network)? {
        switch ip {
        case .v4(let a):
            return db.lookup(a).map { ($0.prefix.description, $0.network) }
        case .v6(let a):
            guard let (length, network) = db.lookup(a.value) else { return nil }
            return (IPv6Prefix(masking: a.value, length: length).description, network)
        }
    }

    private static func prefixText(_ ip: IPAddress, _ length: Int) -> String {
        switch ip {
        case .v4(let a): IPv4Prefix(masking: a.value, length: length).description
        case .v6(let a): IPv6Prefix(masking: a.value, length: length).description
        }
    }
}

import TocsinCore

/// Who a network (AS) is: name, country, access type, and where the access label came from.
public struct NetworkInfo: Sendable, Hashable, Codable {
    public var asn: UInt32
    public var name: String
    /// ISO 3166-1 alpha-2, or empty.
    public var country: String
    public var access: AccessType
    public var provenance: LabelProvenance
    /// The citation for a curated label, or the words a heuristic matched.
    public var source: String?

    public init(asn: UInt32, name: String, country: String, access: AccessType, provenance: LabelProvenance, source: String? = nil) {
        self.asn = asn
        self.name = name
        self.country = country
        self.access = access
        self.provenance = provenance
        self.source = source
    }
}

/// Where an access-type label came from, most trusted first.
public enum LabelProvenance: String, Sendable, Hashable, Codable, CaseIterable {
    /// The operator's own networks file.
    case operatorConfig = "operator"
    /// The curated list shipped with Tocsin, each row with its citation.
    case curated
    /// A guess from words in the AS name (Mobile, Cellular, GSM, LTE...).
    case nameHeuristic = "name-heuristic"
    /// Nothing says: the access type is unknown.
    case none
}

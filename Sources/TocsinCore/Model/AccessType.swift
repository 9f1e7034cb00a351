/// What kind of access network an autonomous system provides.
///
/// Shutdowns often hit mobile networks first (Kazakhstan, 4 January 2022), so every network
/// carries this label and `country/XX/mobile` and `country/XX/fixed` group networks by it.
public enum AccessType: String, Sendable, Hashable, Codable, CaseIterable {
    case mobile, fixed, mixed, transit, content, unknown
}

/// The access-type groups that are tracked as entities of their own under a country.
public enum AccessGroup: String, Sendable, Hashable, Codable, CaseIterable {
    case mobile, fixed
}

/// Metadata about an entity: its display name, country and access type.
///
/// One row of the Entities CSV (`entity,name,country,access`).
public struct Entity: Sendable, Hashable, Codable {
    public var id: EntityID
    public var name: String
    /// ISO 3166-1 alpha-2, or empty where unknown.
    public var country: String
    public var access: AccessType

    public init(id: EntityID, name: String, country: String? = nil, access: AccessType = .unknown) {
        self.id = id
        self.name = name
        self.country = country ?? id.country ?? ""
        self.access = access
    }

    /// The names worth showing: entities whose name is more than their id.
    public static func displayNames(_ entities: some Sequence<Entity>) -> [EntityID: String] {
        Dictionary(entities.filter { !$0.name.isEmpty && $0.name != $0.id.rawValue }.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    }
}

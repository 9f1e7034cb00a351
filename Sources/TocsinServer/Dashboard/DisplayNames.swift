import TocsinCore

/// The names readers know things by: an entity's own name where it was given one, Natural
/// Earth's English name for a country without, else the identifier.
struct DisplayNames: Sendable {
    private let names: [EntityID: String]

    init(_ entities: [Entity]) {
        var names = Entity.displayNames(entities)
        for e in entities where names[e.id] == nil {
            if case .country(let cc) = e.id.kind, let name = WorldMap.names[cc] { names[e.id] = name }
        }
        self.names = names
    }

    subscript(_ id: EntityID) -> String {
        if let name = names[id] { return name }
        if case .country(let cc) = id.kind, let name = WorldMap.names[cc] { return name }
        return id.rawValue
    }

    /// The name with the identifier after it, e.g. "Kcell (asn/29355)".
    func titled(_ id: EntityID) -> String {
        let name = self[id]
        return name == id.rawValue ? name : "\(name) (\(id.rawValue))"
    }

    /// The names given, for the alert sentences.
    var given: [EntityID: String] { names }
}

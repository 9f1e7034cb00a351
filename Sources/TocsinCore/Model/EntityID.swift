/// The identifier of something Tocsin watches: a country, a region, a network or an
/// access-type group of a country.
///
/// The textual forms are `country/KZ`, `region/KZ-ALA` (ISO 3166-2), `asn/29355`,
/// `country/KZ/mobile` and `country/KZ/fixed`. An identifier is validated when it is made,
/// so every `EntityID` in the program is well formed.
public struct EntityID: Sendable, Hashable, Comparable {
    /// The canonical text, e.g. `asn/29355`.
    public let rawValue: String
    /// The parsed structure of the identifier.
    public let kind: Kind

    /// The structure of an entity identifier.
    public enum Kind: Sendable, Hashable {
        case country(String)
        case region(country: String, code: String)
        case asn(UInt32)
        case accessGroup(country: String, group: AccessGroup)
    }

    /// Parses and validates an identifier; the error says what is wrong with it.
    public init(_ text: some StringProtocol) throws(EntityIDError) {
        let text = String(text)
        self.kind = try Self.parse(text)
        self.rawValue = text
    }

    public init(kind: Kind) {
        self.kind = kind
        switch kind {
        case .country(let cc): rawValue = "country/\(cc)"
        case .region(_, let code): rawValue = "region/\(code)"
        case .asn(let n): rawValue = "asn/\(n)"
        case .accessGroup(let cc, let group): rawValue = "country/\(cc)/\(group.rawValue)"
        }
    }

    public static func country(_ code: String) throws(EntityIDError) -> EntityID { try EntityID("country/\(code)") }
    public static func asn(_ number: UInt32) -> EntityID { EntityID(kind: .asn(number)) }

    /// The ISO 3166-1 alpha-2 country this entity lies in, where the identifier says so.
    public var country: String? {
        switch kind {
        case .country(let cc), .region(let cc, _), .accessGroup(let cc, _): return cc
        case .asn: return nil
        }
    }

    public static func < (lhs: EntityID, rhs: EntityID) -> Bool { lhs.rawValue < rhs.rawValue }
    public static func == (lhs: EntityID, rhs: EntityID) -> Bool { lhs.rawValue == rhs.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    private static func parse(_ text: String) throws(EntityIDError) -> Kind {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count >= 2, let type = parts.first else {
            throw EntityIDError(text: text, reason: "expected TYPE/CODE, e.g. country/KZ, region/KZ-ALA, asn/29355")
        }
        switch type {
        case "country":
            let cc = String(parts[1])
            guard isCountryCode(cc) else {
                throw EntityIDError(text: text, reason: "country code must be two upper-case letters (ISO 3166-1 alpha-2), got '\(cc)'")
            }
            if parts.count == 2 { return .country(cc) }
            guard parts.count == 3, let group = AccessGroup(rawValue: String(parts[2])) else {
                throw EntityIDError(text: text, reason: "a country may only be followed by /mobile or /fixed")
            }
            return .accessGroup(country: cc, group: group)
        case "region":
            guard parts.count == 2 else { throw EntityIDError(text: text, reason: "a region has no further parts") }
            let code = parts[1]
            let pieces = code.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
            guard pieces.count == 2, isCountryCode(String(pieces[0])),
                  (1...3).contains(pieces[1].utf8.count),
                  pieces[1].utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) })
            else {
                throw EntityIDError(text: text, reason: "region must be an ISO 3166-2 code: CC-XXX with 1-3 upper-case letters or digits, got '\(code)'")
            }
            return .region(country: String(pieces[0]), code: String(code))
        case "asn":
            guard parts.count == 2 else { throw EntityIDError(text: text, reason: "an asn has no further parts") }
            let digits = parts[1]
            guard !digits.isEmpty, digits.utf8.count <= 10, digits.utf8.first != 0x30,
                  digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  let n = UInt64(digits), n <= UInt64(UInt32.max)
            else {
                throw EntityIDError(text: text, reason: "AS number must be a decimal 1-4294967295 without leading zeros, got '\(digits)'")
            }
            return .asn(UInt32(n))
        default:
            throw EntityIDError(text: text, reason: "unknown entity type '\(type)' (country, region or asn)")
        }
    }

    private static func isCountryCode(_ s: String) -> Bool {
        s.utf8.count == 2 && s.utf8.allSatisfy { $0 >= 0x41 && $0 <= 0x5A }
    }
}

extension EntityID: TextIdentifier {
    public init(validating text: String) throws(EntityIDError) { try self.init(text) }
}

/// A malformed entity identifier, with the reason.
public struct EntityIDError: Error, Sendable, Equatable, CustomStringConvertible {
    public let text: String
    public let reason: String
    public var description: String { "invalid entity '\(text)': \(reason)" }
}

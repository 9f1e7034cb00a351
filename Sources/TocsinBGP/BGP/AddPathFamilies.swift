/// The address families whose NLRI carry RFC 7911 path identifiers on a session (ADD-PATH
/// is negotiated per family); MRT's ADD-PATH subtypes (RFC 8050) mean all of them.
public struct AddPathFamilies: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let ipv4 = AddPathFamilies(rawValue: 1)
    public static let ipv6 = AddPathFamilies(rawValue: 2)
    public static let all: AddPathFamilies = [.ipv4, .ipv6]

    /// Whether routes of `family` carry path identifiers.
    public func includes(_ family: AddressFamilyID) -> Bool {
        contains(family == .ipv6 ? AddPathFamilies.ipv6 : AddPathFamilies.ipv4)
    }
}

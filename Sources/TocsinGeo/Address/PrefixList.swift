/// Prefixes of either family given as text (opt-out lists, operators' own prefixes, census
/// targets), parsed once and split by family.
public struct PrefixList: Sendable, Hashable {
    public var v4: [IPv4Prefix] = []
    public var v6: [IPv6Prefix] = []

    public init() {}

    /// Each text an IPv4 or IPv6 prefix; the first that is neither is the error.
    public init(_ texts: [String]) throws(PrefixError) {
        for text in texts {
            if let p = try? IPv4Prefix(text) {
                v4.append(p)
            } else if let p = try? IPv6Prefix(text) {
                v6.append(p)
            } else {
                throw PrefixError(text: text, reason: "not an IPv4 or IPv6 prefix")
            }
        }
    }

}

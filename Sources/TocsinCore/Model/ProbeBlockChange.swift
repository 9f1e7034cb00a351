/// A probed block that went down or came back, and where it is: what a probing round
/// reports, what the store keeps, and the evidence an event page lists.
public struct ProbeBlockChange: Sendable, Hashable, Codable {
    public var prefix: String
    public var up: Bool
    public var time: Int64
    public var asn: UInt32?
    public var country: String?
    /// ISO 3166-2, when the reference data has regions.
    public var region: String?
    /// `mobile` or `fixed` when the reference data says.
    public var access: String?

    public init(prefix: String, up: Bool, time: Int64, asn: UInt32? = nil, country: String? = nil, region: String? = nil, access: String? = nil) {
        self.prefix = prefix
        self.up = up
        self.time = time
        self.asn = asn
        self.country = country
        self.region = region
        self.access = access
    }

    /// "block 95.56.12.0/24 of AS9198 down at 2022-01-05 10:31:12 UTC"
    public var sentence: String {
        "block \(prefix)\(asn.map { " of AS\($0)" } ?? "") \(up ? "up" : "down") at \(UTCTime.format(time))"
    }
}

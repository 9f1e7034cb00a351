/// The `sources.flows` section: when present, `tocsin serve` listens for NetFlow, IPFIX and
/// sFlow exports and writes the traffic signals.
public struct FlowSourceConfig: Sendable, Codable, Equatable {
    /// Address the listeners bind to.
    public var host = "0.0.0.0"
    /// UDP ports; 0 leaves a listener out (any listener reads any of the formats).
    public var netflowPort = 2055
    public var ipfixPort = 4739
    public var sflowPort = 6343
    /// The operator's own prefixes: the other end of a flow is the remote user.
    public var localPrefixes: [String] = []
    /// Seconds after a bin's end before it is written (exporters send flows once they end).
    public var grace = 120

    public init() {}

    enum CodingKeys: String, CodingKey {
        case host, grace
        case netflowPort = "netflow_port"
        case ipfixPort = "ipfix_port"
        case sflowPort = "sflow_port"
        case localPrefixes = "local_prefixes"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        host = try c.decodeIfPresent(String.self, forKey: .host) ?? host
        netflowPort = try c.decodeIfPresent(Int.self, forKey: .netflowPort) ?? netflowPort
        ipfixPort = try c.decodeIfPresent(Int.self, forKey: .ipfixPort) ?? ipfixPort
        sflowPort = try c.decodeIfPresent(Int.self, forKey: .sflowPort) ?? sflowPort
        localPrefixes = try c.decodeIfPresent([String].self, forKey: .localPrefixes) ?? localPrefixes
        grace = try c.decodeIfPresent(Int.self, forKey: .grace) ?? grace
    }

    static let knownKeys: [String: Set<String>] = ["sources.flows": ["host", "netflow_port", "ipfix_port", "sflow_port", "local_prefixes", "grace"]]
}

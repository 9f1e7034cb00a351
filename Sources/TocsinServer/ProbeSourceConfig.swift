/// The `sources.probe` section: when present, `tocsin serve` probes the blocks found by
/// `tocsin probe census` (DATA/probe-blocks.json) round after round.
public struct ProbeSourceConfig: Sendable, Codable, Equatable {
    /// Probes per second across everything.
    public var rate = 1_000.0
    /// Seconds a probe waits for its reply.
    public var timeout = 3.0
    /// Seconds from one round's start to the next.
    public var interval = 600.0
    /// Prefixes never to probe.
    public var optOut: [String] = []

    public init() {}

    enum CodingKeys: String, CodingKey {
        case rate, timeout, interval
        case optOut = "opt_out"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        rate = try c.decodeIfPresent(Double.self, forKey: .rate) ?? rate
        timeout = try c.decodeIfPresent(Double.self, forKey: .timeout) ?? timeout
        interval = try c.decodeIfPresent(Double.self, forKey: .interval) ?? interval
        optOut = try c.decodeIfPresent([String].self, forKey: .optOut) ?? optOut
    }

    static let knownKeys: [String: Set<String>] = ["sources.probe": ["rate", "timeout", "interval", "opt_out"]]
}

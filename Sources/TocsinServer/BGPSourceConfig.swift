/// The `sources.bgp` section: which BGP sources `tocsin serve` runs. A sub-section present
/// turns its source on. Live sources (speaker, bmp) and archives are exclusive: both would
/// write the same `bgp` series from two routing views.
public struct BGPSourceConfig: Sendable, Codable, Equatable {
    public var fullFeedIPv4 = 400_000
    public var fullFeedIPv6 = 10_000
    public var speaker: Speaker?
    public var bmp: BMP?
    public var archives: Archives?

    public init() {}

    /// Tocsin's passive BGP speaker.
    public struct Speaker: Sendable, Codable, Equatable {
        public var host = "127.0.0.1"
        public var port = 1179
        public var localAS: UInt32 = 64_512
        public var routerID = "127.0.0.1"
        public var holdTime = 90
        /// Peer address → the AS it must open with; empty accepts any peer.
        public var peers: [String: UInt32] = [:]
        public init() {}

        enum CodingKeys: String, CodingKey {
            case host, port, peers
            case localAS = "local_as", routerID = "router_id", holdTime = "hold_time"
        }
    }

    /// The BMP receiver that monitored routers stream to.
    public struct BMP: Sendable, Codable, Equatable {
        public var host = "127.0.0.1"
        public var port = 11_019
        public var postPolicy = false
        public init() {}

        enum CodingKeys: String, CodingKey {
            case host, port
            case postPolicy = "post_policy"
        }
    }

    /// Public archives to follow.
    public struct Archives: Sendable, Codable, Equatable {
        /// RFC 3339 time to start from; default: one hour before the first start.
        public var start: String?
        /// Seconds between polls.
        public var interval = 60.0
        public var collectors: [Collector] = []
        public init() {}
    }

    public struct Collector: Sendable, Codable, Equatable {
        public var name: String
        public var baseURL: String
        /// `ris` or `routeviews`.
        public var layout: String

        enum CodingKeys: String, CodingKey {
            case name, layout
            case baseURL = "base_url"
        }
    }

    enum CodingKeys: String, CodingKey {
        case speaker, bmp, archives
        case fullFeedIPv4 = "full_feed_ipv4", fullFeedIPv6 = "full_feed_ipv6"
    }

    static let knownKeys: [String: Set<String>] = [
        "sources.bgp": ["full_feed_ipv4", "full_feed_ipv6", "speaker", "bmp", "archives"],
        "sources.bgp.speaker": ["host", "port", "local_as", "router_id", "hold_time", "peers"],
        "sources.bgp.bmp": ["host", "port", "post_policy"],
        "sources.bgp.archives": ["start", "interval", "collectors"],
    ]
}

extension BGPSourceConfig {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        fullFeedIPv4 = try c.decodeIfPresent(Int.self, forKey: .fullFeedIPv4) ?? fullFeedIPv4
        fullFeedIPv6 = try c.decodeIfPresent(Int.self, forKey: .fullFeedIPv6) ?? fullFeedIPv6
        speaker = try c.decodeIfPresent(Speaker.self, forKey: .speaker)
        bmp = try c.decodeIfPresent(BMP.self, forKey: .bmp)
        archives = try c.decodeIfPresent(Archives.self, forKey: .archives)
    }
}

extension BGPSourceConfig.Speaker {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        host = try c.decodeIfPresent(String.self, forKey: .host) ?? host
        port = try c.decodeIfPresent(Int.self, forKey: .port) ?? port
        localAS = try c.decodeIfPresent(UInt32.self, forKey: .localAS) ?? localAS
        routerID = try c.decodeIfPresent(String.self, forKey: .routerID) ?? routerID
        holdTime = try c.decodeIfPresent(Int.self, forKey: .holdTime) ?? holdTime
        peers = try c.decodeIfPresent([String: UInt32].self, forKey: .peers) ?? peers
    }
}

extension BGPSourceConfig.BMP {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        host = try c.decodeIfPresent(String.self, forKey: .host) ?? host
        port = try c.decodeIfPresent(Int.self, forKey: .port) ?? port
        postPolicy = try c.decodeIfPresent(Bool.self, forKey: .postPolicy) ?? postPolicy
    }
}

extension BGPSourceConfig.Archives {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        start = try c.decodeIfPresent(String.self, forKey: .start)
        interval = try c.decodeIfPresent(Double.self, forKey: .interval) ?? interval
        collectors = try c.decodeIfPresent([BGPSourceConfig.Collector].self, forKey: .collectors) ?? collectors
    }
}

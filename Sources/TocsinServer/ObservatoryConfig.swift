import Foundation
import TocsinCore
import TocsinStore

/// The configuration of `tocsin serve`, read from a JSON file, then overridden by
/// environment variables, then by command-line flags. Every field is optional in the file;
/// with no file at all the observatory starts with the defaults below.
///
/// ```json
/// {
///   "data": "./tocsin-data",
///   "listen": { "host": "127.0.0.1", "port": 8080 },
///   "tokens": ["change-me"],
///   "reference": { "entities": "entities.csv", "libloc": "/usr/share/libloc-location/location.db" },
///   "sources": { "inbox": { "enabled": true, "path": "inbox", "interval": 30 } },
///   "detect": { "interval": 60 }
/// }
/// ```
public struct ObservatoryConfig: Sendable, Codable, Equatable {
    /// The data folder: the SQLite database and relative paths below live here.
    public var data: String = "./tocsin-data"
    public var store = Store()
    public var listen = Listen()
    /// Bearer tokens accepted by endpoints that write. None: writing over HTTP is off.
    public var tokens: [String] = []
    /// The Ed25519 key that signs evidence bundles (PKCS #8 PEM), relative to the data folder;
    /// created with mode 0600 on first use.
    public var signingKey = ObservatoryKey.fileName
    public var reference = Reference()
    public var sources = Sources()
    public var detect = Detect()
    /// Where alerts are sent.
    public var webhooks: [Webhook] = []

    public init() {}

    /// One webhook: a URL, a secret for the signature, and which entities it wants
    /// (identifier prefixes such as `country/KZ` or `asn/`; none means all).
    public struct Webhook: Sendable, Codable, Equatable {
        public var url: String
        public var secret: String?
        public var entities: [String]?

        public init(url: String, secret: String? = nil, entities: [String]? = nil) {
            self.url = url
            self.secret = secret
            self.entities = entities
        }

        public func matches(_ entity: EntityID) -> Bool {
            guard let entities, !entities.isEmpty else { return true }
            return entities.contains { entity.rawValue.hasPrefix($0) }
        }
    }

    /// The HTTP listener.
    public struct Listen: Sendable, Codable, Equatable {
        public var host = "127.0.0.1"
        public var port = 8080
        public init() {}
    }

    /// Where signals and events are kept.
    public struct Store: Sendable, Codable, Equatable {
        /// A PostgreSQL database (`postgresql://user[:password]@host[:port]/database`) in place
        /// of the data folder's SQLite one, shared by any number of instances. The data folder
        /// still holds the signing key, the inbox and the archive caches.
        public var url: String?
        /// Points older than this many days are dropped, hourly (nil: all are kept).
        public var retention: PointRetention?
        public init(url: String? = nil, retention: PointRetention? = nil) {
            self.url = url
            self.retention = retention
        }

        enum CodingKeys: String, CodingKey {
            case url
            case retention = "retention_days"
        }
    }

    /// Reference data. Files not named are looked for at Debian's paths.
    public struct Reference: Sendable, Codable, Equatable {
        /// An Entities CSV with names, countries and access types, imported at start.
        public var entities: String?
        /// IPFire location database (Debian `libloc-database`).
        public var libloc: String?
        /// A MaxMind DB file (City, Country or ASN).
        public var mmdb: String?
        /// Tor's GeoIP files (Debian `tor-geoipdb`).
        public var torGeoIP: String?
        public var torGeoIP6: String?
        /// A CAIDA pfx2as or pyasn ipasn file.
        public var pfx2as: String?
        /// RIR delegated-extended files.
        public var delegated: [String]?
        /// The operator's own networks (Entities CSV with `asn/N` rows): names and access types.
        public var networks: String?
        public init() {}

        enum CodingKeys: String, CodingKey {
            case entities, libloc, mmdb, pfx2as, delegated, networks
            case torGeoIP = "tor_geoip", torGeoIP6 = "tor_geoip6"
        }
    }

    /// Where data comes from while serving.
    public struct Sources: Sendable, Codable, Equatable {
        public var inbox = Inbox()
        /// BGP sources: none unless configured.
        public var bgp: BGPSourceConfig?
        /// Active probing: off unless configured.
        public var probe: ProbeSourceConfig?
        /// Flow exports: off unless configured.
        public var flows: FlowSourceConfig?
        public init() {}
    }

    /// A folder watched for Signals CSV files: each file is imported (all or nothing) and
    /// moved to `done/` or, with a `.error` report beside it, to `failed/`.
    public struct Inbox: Sendable, Codable, Equatable {
        public var enabled = true
        /// Relative to the data folder unless absolute.
        public var path = "inbox"
        /// Seconds between scans.
        public var interval = 30.0
        public init() {}
    }

    /// The detector run over the store while serving.
    public struct Detect: Sendable, Codable, Equatable {
        /// Seconds between runs.
        public var interval = 60.0
        public init() {}
    }

    /// Resolves a path given in the config against the data folder.
    public func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : (data as NSString).appendingPathComponent(path)
    }

    /// Reads a config file; unknown keys are refused so typos do not pass silently.
    public static func load(path: String) throws -> ObservatoryConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(path: path, reason: "cannot read the file")
        }
        do {
            try rejectUnknownKeys(in: data, path: path)
            return try JSONDecoder().decode(ObservatoryConfig.self, from: data)
        } catch let error as ConfigError {
            throw error
        } catch DecodingError.dataCorrupted(let ctx) where !ctx.codingPath.isEmpty {
            let key = ctx.codingPath.map(\.stringValue).joined(separator: ".")
            throw ConfigError(path: path, reason: "bad value for '\(key)': \(ctx.debugDescription)")
        } catch DecodingError.typeMismatch(_, let ctx), DecodingError.valueNotFound(_, let ctx), DecodingError.dataCorrupted(let ctx) {
            let key = ctx.codingPath.map(\.stringValue).joined(separator: ".")
            throw ConfigError(path: path, reason: key.isEmpty ? "not valid JSON" : "bad value for '\(key)'")
        } catch {
            throw ConfigError(path: path, reason: "\(error)")
        }
    }

    /// Applies `TOCSIN_DATA`, `TOCSIN_STORE`, `TOCSIN_HOST`, `TOCSIN_PORT`, `TOCSIN_TOKEN` (comma-separated).
    public mutating func applyEnvironment(_ env: [String: String]) throws {
        if let v = env["TOCSIN_DATA"], !v.isEmpty { data = v }
        if let v = env["TOCSIN_STORE"], !v.isEmpty { store.url = v }
        if let v = env["TOCSIN_HOST"], !v.isEmpty { listen.host = v }
        if let v = env["TOCSIN_PORT"], !v.isEmpty {
            guard let port = Int(v), (0...65535).contains(port) else {
                throw ConfigError(path: "TOCSIN_PORT", reason: "not a port number: '\(v)'")
            }
            listen.port = port
        }
        if let v = env["TOCSIN_TOKEN"], !v.isEmpty { tokens = v.split(separator: ",").map(String.init) }
    }

    enum CodingKeys: String, CodingKey {
        case data, store, listen, tokens, reference, sources, detect, webhooks
        case signingKey = "signing_key"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        data = try c.decodeIfPresent(String.self, forKey: .data) ?? data
        store = try c.decodeIfPresent(Store.self, forKey: .store) ?? store
        listen = try c.decodeIfPresent(Listen.self, forKey: .listen) ?? listen
        tokens = try c.decodeIfPresent([String].self, forKey: .tokens) ?? tokens
        signingKey = try c.decodeIfPresent(String.self, forKey: .signingKey) ?? signingKey
        reference = try c.decodeIfPresent(Reference.self, forKey: .reference) ?? reference
        sources = try c.decodeIfPresent(Sources.self, forKey: .sources) ?? sources
        detect = try c.decodeIfPresent(Detect.self, forKey: .detect) ?? detect
        webhooks = try c.decodeIfPresent([Webhook].self, forKey: .webhooks) ?? webhooks
    }

    private static let knownKeys: [String: Set<String>] = [
        "": ["data", "store", "listen", "tokens", "signing_key", "reference", "sources", "detect", "webhooks"],
        "store": ["url", "retention_days"],
        "listen": ["host", "port"],
        "reference": ["entities", "libloc", "mmdb", "tor_geoip", "tor_geoip6", "pfx2as", "delegated", "networks"],
        "sources": ["inbox", "bgp", "probe", "flows"],
        "sources.inbox": ["enabled", "path", "interval"],
        "detect": ["interval"],
    ].merging(BGPSourceConfig.knownKeys) { a, _ in a }.merging(ProbeSourceConfig.knownKeys) { a, _ in a }
        .merging(FlowSourceConfig.knownKeys) { a, _ in a }

    private static func rejectUnknownKeys(in data: Data, path: String) throws {
        let parsed: Any
        do { parsed = try JSONSerialization.jsonObject(with: data) } catch {
            throw ConfigError(path: path, reason: "not valid JSON")
        }
        guard let root = parsed as? [String: Any] else {
            throw ConfigError(path: path, reason: "the top level must be a JSON object")
        }
        func walk(_ object: [String: Any], _ prefix: String) throws {
            let allowed = knownKeys[prefix] ?? []
            for (key, value) in object {
                let full = prefix.isEmpty ? key : "\(prefix).\(key)"
                guard allowed.contains(key) else { throw ConfigError(path: path, reason: "unknown setting '\(full)'") }
                if let nested = value as? [String: Any], knownKeys[full] != nil { try walk(nested, full) }
            }
        }
        try walk(root, "")
    }
}

extension ObservatoryConfig.Listen {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        host = try c.decodeIfPresent(String.self, forKey: .host) ?? host
        port = try c.decodeIfPresent(Int.self, forKey: .port) ?? port
    }
}

extension ObservatoryConfig.Sources {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        inbox = try c.decodeIfPresent(ObservatoryConfig.Inbox.self, forKey: .inbox) ?? inbox
        bgp = try c.decodeIfPresent(BGPSourceConfig.self, forKey: .bgp)
        probe = try c.decodeIfPresent(ProbeSourceConfig.self, forKey: .probe)
        flows = try c.decodeIfPresent(FlowSourceConfig.self, forKey: .flows)
    }
}

extension ObservatoryConfig.Inbox {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? enabled
        path = try c.decodeIfPresent(String.self, forKey: .path) ?? path
        interval = try c.decodeIfPresent(Double.self, forKey: .interval) ?? interval
    }
}

extension ObservatoryConfig.Detect {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        interval = try c.decodeIfPresent(Double.self, forKey: .interval) ?? interval
    }
}

/// A configuration that cannot be used, naming the file (or variable) and the reason.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let reason: String
    public var description: String { "configuration \(path): \(reason)" }
}

import Foundation
import TocsinCore

/// Which reference-data files to load. Files not named are looked for at the paths Debian's
/// packages install them to; a file named but missing is an error that says which package
/// or flag provides it. Tor's GeoIP files are made from the same IPFire data as the location
/// database, so they are only looked for at Debian's paths when no location database is
/// available; named explicitly, they are always loaded.
public struct ReferenceFiles: Sendable, Hashable, Codable {
    /// IPFire location database (Debian `libloc-database`).
    public var libloc: String?
    /// A MaxMind DB file (City, Country or ASN).
    public var mmdb: String?
    /// Tor's GeoIP files (Debian `tor-geoipdb`).
    public var torGeoIP: String?
    public var torGeoIP6: String?
    /// A CAIDA pfx2as or pyasn ipasn file.
    public var pfx2as: String?
    /// RIR `delegated-*-extended` files.
    public var delegated: [String] = []
    /// The operator's own networks: an Entities CSV with `asn/N` rows.
    public var networks: String?

    public init() {}

    /// What loading found: the database, and the bad lines of text files (counted, skipped).
    public struct Loaded: Sendable {
        public var database: GeoDatabase
        public var warnings: [ReferenceDataError]
    }

    public func load() throws -> Loaded {
        var warnings: [ReferenceDataError] = []
        func chosen(_ given: String?, default path: String) -> String? {
            given ?? (FileManager.default.fileExists(atPath: path) ? path : nil)
        }
        func require(_ path: String, _ hint: String) throws {
            guard FileManager.default.fileExists(atPath: path) else {
                throw ReferenceDataError(path: path, place: .file, reason: "no such file (\(hint))")
            }
        }
        var operatorEntries: [Entity] = []
        if let networks {
            try require(networks, "the operator's networks file, an Entities CSV named by --networks")
            let parsed = EntitiesCSV.parse(try String(contentsOfFile: networks, encoding: .utf8), source: networks)
            operatorEntries = parsed.entities
            warnings += parsed.errors.map { ReferenceDataError(path: networks, place: .line($0.line), reason: $0.reason) }
        }
        var db = GeoDatabase(registry: NetworksRegistry(operatorEntries: operatorEntries))
        if let path = chosen(libloc, default: LocationDatabase.defaultPath) {
            try require(path, "install Debian's libloc-database, or name a file with --libloc")
            db.libloc = try LocationDatabase(path: path)
        }
        if let mmdb {
            try require(mmdb, "a MaxMind DB file named by --mmdb")
            db.maxmind = try MaxMindDatabase(path: mmdb)
        }
        let torDefault = db.libloc == nil
        if let path = torDefault ? chosen(torGeoIP, default: TorGeoIP.defaultIPv4Path) : torGeoIP {
            try require(path, "install Debian's tor-geoipdb, or name a file with --tor-geoip")
            let r = try TorGeoIP.loadIPv4(path: path)
            db.torIPv4 = IPv4PrefixTable(r.entries)
            warnings += r.errors
        }
        if let path = torDefault ? chosen(torGeoIP6, default: TorGeoIP.defaultIPv6Path) : torGeoIP6 {
            try require(path, "install Debian's tor-geoipdb, or name a file with --tor-geoip6")
            let r = try TorGeoIP.loadIPv6(path: path)
            db.torIPv6 = IPv6PrefixTable(r.entries)
            warnings += r.errors
        }
        if let pfx2as {
            try require(pfx2as, "a prefix-to-AS file named by --pfx2as")
            let t = try PrefixToAS.load(path: pfx2as)
            db.routedIPv4 = IPv4PrefixTable(t.ipv4)
            db.routedIPv6 = IPv6PrefixTable(t.ipv6)
            warnings += t.errors
        }
        if !delegated.isEmpty {
            var v4: [(IPv4Prefix, String)] = [], v6: [(IPv6Prefix, String)] = []
            for path in delegated {
                try require(path, "an RIR delegated-extended file named by --delegated")
                let r = try RIRDelegated.load(path: path)
                v4 += r.ipv4
                v6 += r.ipv6
                warnings += r.errors
            }
            db.registeredIPv4 = IPv4PrefixTable(v4)
            db.registeredIPv6 = IPv6PrefixTable(v6)
        }
        return Loaded(database: db, warnings: warnings)
    }
}

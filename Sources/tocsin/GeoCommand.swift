import ArgumentParser
import Foundation
import TocsinCore
import TocsinGeo
import TocsinServer

/// `tocsin geo`: the reference data.
struct Geo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Look up addresses and networks in the reference data.",
        subcommands: [GeoLookup.self, GeoNetworks.self]
    )
}

/// Which reference files to use: flags, then the config file's `reference` section; files
/// named in neither are looked for at Debian's paths.
struct ReferenceOptions: ParsableArguments {
    @Option(help: "A JSON config file whose reference section names the files (env TOCSIN_CONFIG).")
    var config: String?
    @Option(help: "IPFire location database (default /usr/share/libloc-location/location.db).")
    var libloc: String?
    @Option(help: "A MaxMind DB file (GeoLite2/GeoIP2 City, Country or ASN).")
    var mmdb: String?
    @Option(name: .customLong("tor-geoip"), help: "Tor GeoIP IPv4 file (default /usr/share/tor/geoip).")
    var torGeoIP: String?
    @Option(name: .customLong("tor-geoip6"), help: "Tor GeoIP IPv6 file (default /usr/share/tor/geoip6).")
    var torGeoIP6: String?
    @Option(help: "A prefix-to-AS file (CAIDA pfx2as or pyasn ipasn).")
    var pfx2as: String?
    @Option(help: "An RIR delegated-extended file (repeatable).")
    var delegated: [String] = []
    @Option(help: "The operator's networks: an Entities CSV with asn/N rows.")
    var networks: String?

    func files() throws -> ReferenceFiles {
        var c = ObservatoryConfig()
        if let path = config ?? Environment.value("TOCSIN_CONFIG") {
            do { c = try ObservatoryConfig.load(path: path) } catch { throw CLIError("\(error)") }
        }
        var f = c.referenceFiles
        if let libloc { f.libloc = libloc }
        if let mmdb { f.mmdb = mmdb }
        if let torGeoIP { f.torGeoIP = torGeoIP }
        if let torGeoIP6 { f.torGeoIP6 = torGeoIP6 }
        if let pfx2as { f.pfx2as = pfx2as }
        if !delegated.isEmpty { f.delegated = delegated }
        if let networks { f.networks = networks }
        return f
    }

    func load() throws -> GeoDatabase {
        let loaded: ReferenceFiles.Loaded
        do { loaded = try files().load() } catch let error as CLIError { throw error } catch { throw CLIError("\(error)") }
        for warning in loaded.warnings.prefix(20) { StandardError.print("skipped: \(warning)") }
        if loaded.warnings.count > 20 { StandardError.print("\(loaded.warnings.count) bad lines skipped in reference data") }
        guard !loaded.database.isEmpty else {
            throw CLIError("no reference data: install Debian's libloc-database or tor-geoipdb, or name files with --libloc, --mmdb, --tor-geoip, --pfx2as or --delegated")
        }
        return loaded.database
    }
}

/// Output format of the geo commands.
enum GeoFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `tocsin geo lookup IP...`
struct GeoLookup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup",
        abstract: "Country, region, AS and access type of each address, with the source of each field."
    )

    @OptionGroup var reference: ReferenceOptions
    @Option(help: "text or json (one object per line).")
    var format: GeoFormat = .text
    @Argument(help: "IPv4 or IPv6 addresses.")
    var addresses: [String]

    func run() async throws {
        let db = try reference.load()
        var out = OutputBuffer()
        var bad = 0
        for text in addresses {
            guard let ip = IPAddress(text) else {
                StandardError.print("error: '\(text)' is not an IPv4 or IPv6 address")
                bad += 1
                continue
            }
            let answer: GeoAnswer
            do { answer = try db.lookup(ip) } catch { throw CLIError("\(error)") }
            out.line(format == .json ? GeoAnswerJSON.line(answer) : GeoAnswerJSON.text(answer))
        }
        out.flush()
        if bad > 0 { throw ExitCode.failure }
    }
}

/// `tocsin geo networks --country KZ`
struct GeoNetworks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "networks",
        abstract: "The networks of a country with their access type and where the label came from."
    )

    @OptionGroup var reference: ReferenceOptions
    @Option(help: "ISO 3166-1 alpha-2 country code.")
    var country: String
    @Flag(help: "Only networks whose access label came from the operator's file or the curated list.")
    var labelledOnly = false
    @Option(help: "text or json (one object per line).")
    var format: GeoFormat = .text

    func run() async throws {
        guard country.utf8.count == 2, country.utf8.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }) else {
            throw ValidationError("--country must be two upper-case letters, e.g. KZ")
        }
        var known: [(asn: UInt32, name: String, country: String)] = []
        let db = try reference.load()
        if let libloc = db.libloc {
            for (asn, cc) in libloc.asCountries() where cc == country {
                known.append((asn, libloc.asName(asn) ?? "", cc))
            }
        }
        let operatorEntries = try reference.files().networks.map { try EntitiesFile.read($0, skipBad: true) } ?? []
        let registry = NetworksRegistry(operatorEntries: operatorEntries, known: known)
        var out = OutputBuffer()
        for info in registry.networks(country: country) where !labelledOnly || [.operatorConfig, .curated].contains(info.provenance) {
            if format == .json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                out.line(String(decoding: try encoder.encode(info), as: UTF8.self))
            } else {
                out.line("AS\(info.asn)\t\(info.access.rawValue)\t\(info.provenance.rawValue)\t\(info.name)")
            }
        }
        out.flush()
    }
}

import Crypto
import Foundation
import TocsinCore

/// `reference.json`: each reference file the configuration names, with its size and SHA-256
/// (or why it could not be read), so a reader knows which geography and routing tables mapped
/// addresses to the event's entity.
struct ReferenceRecord: Codable, Equatable {
    struct FileRecord: Codable, Equatable {
        var role: String
        var path: String
        var bytes: Int?
        var sha256: String?
        var problem: String?
    }

    var files: [FileRecord]

    static func describe(_ config: ObservatoryConfig) -> ReferenceRecord {
        let r = config.reference
        var named: [(String, String?)] = [("entities", r.entities), ("libloc", r.libloc), ("mmdb", r.mmdb), ("tor_geoip", r.torGeoIP),
                                          ("tor_geoip6", r.torGeoIP6), ("pfx2as", r.pfx2as), ("networks", r.networks)]
        named += (r.delegated ?? []).map { ("delegated", $0) }
        return ReferenceRecord(files: named.compactMap { role, path in
            guard let path else { return nil }
            let resolved = config.resolve(path)
            guard let handle = FileHandle(forReadingAtPath: resolved) else {
                return FileRecord(role: role, path: path, problem: "not readable")
            }
            defer { try? handle.close() }
            var hash = SHA256()
            var bytes = 0
            while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                hash.update(data: chunk)
                bytes += chunk.count
            }
            return FileRecord(role: role, path: path, bytes: bytes, sha256: Data(hash.finalize()).hexString)
        })
    }
}

/// `sources.json`: for each signal of the entity, what produced it on this observatory.
struct SourcesRecord: Codable, Equatable {
    var signals: [String: String]

    static func describe(_ config: ObservatoryConfig, signals: [SignalName]) -> SourcesRecord {
        let s = config.sources
        var out: [String: String] = [:]
        for signal in signals {
            var parts: [String] = []
            switch signal.family {
            case .bgp:
                if let speaker = s.bgp?.speaker {
                    parts.append("BGP speaker AS\(speaker.localAS) with peers " + speaker.peers.sorted { $0.key < $1.key }
                        .map { "\($0.key) (AS\($0.value))" }.joined(separator: ", "))
                }
                if s.bgp?.bmp != nil { parts.append("BMP feed from the configured routers") }
                if let archives = s.bgp?.archives, !archives.collectors.isEmpty {
                    parts.append("MRT archives of " + archives.collectors.map(\.name).joined(separator: ", "))
                }
            case .probing:
                if let probe = s.probe { parts.append("ICMP probing from this observatory at ≤ \(Int(probe.rate)) probes/s every \(Int(probe.interval)) s") }
            case .traffic:
                if let flows = s.flows { parts.append("NetFlow v5/v9 (UDP \(flows.netflowPort)), IPFIX (\(flows.ipfixPort)) and sFlow (\(flows.sflowPort)) exports received by this observatory") }
            default:
                break
            }
            if s.inbox.enabled { parts.append("files dropped in the inbox '\(s.inbox.path)'") }
            parts.append("uploads and imports of Signals CSV")
            out[signal.rawValue] = parts.joined(separator: "; ")
        }
        return SourcesRecord(signals: out)
    }
}

/// The name of a signal: a kind of measurement kept per entity in 5-minute bins.
///
/// Built-in signals are produced by Tocsin's own sources (`bgp`, `probing`, `traffic`...).
/// Imported series use a dotted name `source.signal` (e.g. `ioda.bgp`,
/// `cloudflare.traffic`); anything else is an unknown signal and is refused.
public struct SignalName: Sendable, Hashable, Comparable, TextIdentifier {
    public let rawValue: String

    /// The signals Tocsin's own sources produce.
    public static let builtIn: Set<String> = [
        "bgp", "bgp6", "bgp_updates",
        "probing", "probing6",
        "traffic", "traffic_packets", "traffic_flows", "traffic_clients",
        "telescope",
    ]

    public static let bgp = SignalName(trusted: "bgp")
    public static let probing = SignalName(trusted: "probing")
    public static let probing6 = SignalName(trusted: "probing6")
    public static let traffic = SignalName(trusted: "traffic")
    public static let trafficPackets = SignalName(trusted: "traffic_packets")
    public static let trafficFlows = SignalName(trusted: "traffic_flows")
    public static let trafficClients = SignalName(trusted: "traffic_clients")

    public init(_ text: some StringProtocol) throws(SignalNameError) {
        let text = String(text)
        guard Self.builtIn.contains(text) || Self.isImportedName(text) else {
            throw SignalNameError(text: text)
        }
        rawValue = text
    }

    private init(trusted: String) { rawValue = trusted }

    public init(validating text: String) throws(SignalNameError) { try self.init(text) }

    public static func < (lhs: SignalName, rhs: SignalName) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The family decides how a detector treats the signal (window, threshold). Update
    /// counts, OONI's test counts (daily or hourly, run by volunteers: bursty, and its
    /// anomalies rise rather than fall in a shutdown) and RIPE Atlas connection events are
    /// evidence beside the signals, not signals the detector raises on.
    public var family: SignalFamily {
        let base = rawValue.split(separator: ".").last.map(String.init) ?? rawValue
        if base == "bgp_updates" || base == "bgp-updates" || rawValue.hasPrefix("ooni.") || rawValue.hasPrefix("atlas.") { return .activity }
        if base.hasPrefix("bgp") { return .bgp }
        if base.hasPrefix("probing") || base.hasPrefix("ping") { return .probing }
        if base.hasPrefix("telescope") || base.hasPrefix("merit-nt") { return .telescope }
        return .traffic
    }

    private static func isImportedName(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, text.utf8.count <= 64 else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.utf8.allSatisfy {
                ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F || $0 == 0x2D
            }
        }
    }
}

/// How a signal behaves, which decides how detectors treat it.
public enum SignalFamily: String, Sendable, Hashable, Codable {
    /// Routed address space: stable, any drop matters.
    case bgp
    /// Responsive address blocks from active probing.
    case probing
    /// Traffic volumes: strong daily and weekly cycles.
    case traffic
    /// Unsolicited traffic seen by a network telescope: very noisy.
    case telescope
    /// Counts of events (e.g. BGP updates) where a burst, not a drop, is the news.
    case activity
}

/// A signal name that is neither built in nor of the imported `source.signal` form.
public struct SignalNameError: Error, Sendable, Equatable, CustomStringConvertible {
    public let text: String
    public init(text: String) { self.text = text }
    public var description: String {
        "unknown signal '\(text)': use one of \(SignalName.builtIn.sorted().joined(separator: ", ")) or an imported name source.signal (lower-case letters, digits, '_' and '-')"
    }
}

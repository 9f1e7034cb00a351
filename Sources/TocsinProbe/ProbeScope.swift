import TocsinGeo

/// Where probes may go: only into the configured prefixes, never into the opt-out list.
/// Every target is checked here before a packet leaves.
public struct ProbeScope: Sendable {
    private let allowed: IPv4PrefixTable<Bool>

    /// `prefixes` may be probed except where `optOut` says no (the more specific wins).
    public init(prefixes: [IPv4Prefix], optOut: [IPv4Prefix] = []) {
        allowed = IPv4PrefixTable(prefixes.map { ($0, true) } + optOut.map { ($0, false) })
    }

    public func permits(_ address: UInt32) -> Bool {
        allowed.lookup(address)?.payload ?? false
    }
}

import TocsinGeo

/// Where probes may go: only into the configured prefixes, never into the opt-out list.
/// Every target is checked here before a packet leaves.
public struct ProbeScope<Family: ProbeFamily>: Sendable {
    private let allowed: PrefixTable<Family, Bool>

    /// `prefixes` may be probed except where `optOut` says no (the more specific wins).
    public init(prefixes: [IPPrefix<Family>], optOut: [IPPrefix<Family>] = []) {
        allowed = PrefixTable(prefixes.map { ($0, true) } + optOut.map { ($0, false) })
    }

    public func permits(_ address: Family.Bits) -> Bool {
        allowed.lookup(address)?.payload ?? false
    }
}

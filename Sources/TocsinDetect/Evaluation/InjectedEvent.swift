import TocsinCore

/// The kinds of event the evaluation generator injects, after published cases.
public enum EventKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// National blackout with routes kept (Kazakhstan 5 Jan 2022, Iran 2019).
    case dataPlaneShutdown = "data-plane-shutdown"
    /// National blackout with routes withdrawn (Egypt 2011).
    case routedShutdown = "routed-shutdown"
    /// Mobile networks only.
    case mobileShutdown = "mobile-shutdown"
    /// Daily cuts at the same hour (Myanmar 2021 curfews, Syria/Iraq exams).
    case curfew
    /// Mobile throttling, mobile cut, national blackout, restoration windows, re-cuts.
    case kazakhstan2022 = "kazakhstan-2022"
    /// A region's networks drop partially and recover at staggered times.
    case power
    /// A partial national drop with paths changing.
    case cable
    /// One network withdrawn with its data plane.
    case routing
    /// One network loses 20–50% of its traffic and probes.
    case shallow
}

/// One injected disruption: where, when, how deep in each signal.
struct InjectedEvent: Sendable {
    var id: Int
    var kind: EventKind
    var cause: EventCause
    /// The entity where the event should be reported.
    var primary: EntityID
    var scope: EventScope
    /// Which cells are hit, and from when to when (bins, half-open) each recovers.
    var cells: [(cell: Int, start: Int, end: Int)]
    /// Remaining fraction per signal while hit.
    var traffic: Double
    var probing: Double
    var bgp: Double
    /// A burst of BGP updates at these bins of the country.
    var burst: Range<Int>?
}

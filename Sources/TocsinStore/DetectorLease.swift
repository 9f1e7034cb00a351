/// Which of the instances sharing one store detects and alerts: one at a time, so that each
/// event is raised once and each webhook delivery is sent once.
///
/// Every instance asks before each detector tick and webhook run. The holder keeps the lease
/// while it lives; when it dies, another instance takes the lease at its next ask.
public protocol DetectorLease: Sendable {
    /// Whether this instance holds the lease now, taking it if it is free.
    func holdsDetectorLease() async -> Bool
}

/// Everything the observatory keeps: series and events, webhook deliveries, probing state,
/// and which instance detects.
public typealias ObservatoryStore = SignalStore & WebhookQueue & ProbeLog & DetectorLease

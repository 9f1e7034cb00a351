/// A drop of one signal while the entity's other signals held and had data: a measurement
/// problem first (a collector, an exporter, a prober), shown beside the entity's series but
/// not raised as an outage.
public struct SignalFault: Sendable, Hashable, Codable {
    public var entity: EntityID
    public var signal: SignalName
    public var start: Int64
    /// nil while it lasts.
    public var end: Int64?
    /// Deepest loss, 0–1.
    public var drop: Double
    /// The entity's signals that held meanwhile.
    public var held: [SignalName]

    public init(entity: EntityID, signal: SignalName, start: Int64, end: Int64?, drop: Double, held: [SignalName]) {
        self.entity = entity
        self.signal = signal
        self.start = start
        self.end = end
        self.drop = drop
        self.held = held
    }

    public var description: String {
        "signal fault: \(entity) \(signal) −\(Int((drop * 100).rounded()))% from \(UTCTime.format(start))"
            + (end.map { " until \(UTCTime.format($0))" } ?? ", ongoing")
            + " while \(held.map(\.rawValue).joined(separator: ", ")) held"
    }
}

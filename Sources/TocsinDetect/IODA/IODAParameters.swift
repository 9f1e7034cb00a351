import TocsinCore

/// The parameters of IODA's published median-ratio method, per signal family.
///
/// From IODA's documentation of its alerting: the prediction is the median of a trailing
/// window (24 h for BGP, 7 days for active probing and the telescope); an alert is raised when
/// value / prediction falls below 0.99 (BGP), 0.80 (active probing; also used here for
/// traffic) or 0.25 (telescope); history values whose ratio lies outside [0.8, 2] are
/// replaced by the prediction ("inpainted") for at most 7 days; no prediction is made from a
/// median below 20.
public struct IODAParameters: Sendable, Hashable {
    public var window: Int64
    public var threshold: Double
    public var inpaintRange: ClosedRange<Double> = 0.8...2.0
    public var inpaintLimit: Int64 = 7 * 86_400
    public var minimumPrediction: Double = 20
    /// The share of the window's bins that must hold data before a prediction is made.
    public var minimumCoverage: Double = 0.5

    public init(window: Int64, threshold: Double) {
        self.window = window
        self.threshold = threshold
    }

    /// IODA's parameters for a family, or nil for families the method does not watch
    /// (activity counts such as `bgp_updates`, where a burst rather than a drop is news).
    public static func `for`(_ family: SignalFamily) -> IODAParameters? {
        switch family {
        case .bgp: IODAParameters(window: 86_400, threshold: 0.99)
        case .probing, .traffic: IODAParameters(window: 7 * 86_400, threshold: 0.80)
        case .telescope: IODAParameters(window: 7 * 86_400, threshold: 0.25)
        case .activity: nil
        }
    }
}

/// The thresholds of Tocsin's detector. Floors and depths were set on the `field` scenario
/// family's seeds 1–3 and are reported on other seeds and on the `classic` family
/// (BENCHMARKS.md); each series then raises its own thresholds from its history
/// (`WindowCalibration`).
public struct TocsinParameters: Sendable, Hashable, Codable {
    /// Deep drops: both bins of the 10-minute window at or below this ratio of expected.
    public var deepRatio = 0.5
    /// Per window (10 min, 20 min, 1 h, 3 h): the window must read at or below this ratio of
    /// expected…
    public var windowRatios = [0.5, 0.8, 0.8, 0.8]
    /// …and at least this many of its own noise scales below expected (more where the
    /// series' history asks for more).
    public var windowFloors = [4.0, 4.0, 4.0, 4.5]
    /// A precise series raises an episode on its 10-minute window already at this ratio,
    /// when the window is this many times its threshold below expected.
    public var preciseRatio = 0.8
    public var preciseFactor = 2.0
    /// The step (the newest 10 minutes against the half hour before) raises an episode when
    /// both newest bins read at or below `stepLevel` of expected and the step is this many of
    /// its own noise scales down (more where the series' history asks for more).
    public var stepFloor = 6.0
    public var stepLevel = 0.8
    /// A step this share of its threshold down marks a dip once both bins are at or below
    /// `fallingRatio`.
    public var stepDipShare = 0.75
    /// A threshold sits this far (×) beyond the worst quiet values of the series' history.
    public var calibrationMargin = 1.2
    /// A dip (corroboration for another signal, not an event by itself): a window of an hour
    /// or less at or below this ratio and this many noise scales (or 75% of the window's
    /// threshold) low.
    public var dipRatio = 0.8
    public var dipScore = 3.5
    /// Windows longer than 10 minutes count a drop under way in a noisy series once its last
    /// two bins are both at or below this ratio (and jointly 2 noise scales low).
    public var fallingRatio = 0.9
    /// A bin below this ratio and 2.5σ low does not teach the baseline; nor does a spike above
    /// `spikeRatio` and 2.5σ high (a scan burst, a flash crowd).
    public var suspectRatio = 0.85
    public var spikeRatio = 1.25
    /// A drop begins at the first bin that had lost at least this share of what the drop has
    /// lost when it is raised.
    public var startShare = 0.3
    /// An episode ends after this many consecutive normal bins…
    public var recoveryBins = 2
    /// …a normal bin being at or above this ratio and above −2σ (hysteresis).
    public var recoveryRatio = 0.8
    /// How long history is inpainted before a new level is accepted (the episode then ends):
    /// for episodes that went deep, and for those that never did.
    public var inpaintLimit: Int64 = 7 * 86_400
    public var shallowLimit: Int64 = 86_400
    /// An episode open this long that never went deep ends when its series steps down to
    /// `deepRatio`, and a new episode begins at the step.
    public var stepDownAfter: Int64 = 7_200
    /// A signal stands on its own, without another agreeing, once its last hour reads at or
    /// below this ratio and twice its hour threshold below expected.
    public var decisiveRatio = 0.25
    public var decisiveFactor = 2.0
    /// Episodes of an entity's signals belong together when they start within this much of
    /// each other; a signal's episode with no partner so near is a signal fault.
    public var corroborationWindow: Int64 = 2_700
    /// An episode that the entity's other signals, holding, could not have seen counts once
    /// it has lasted this long.
    public var aloneDuration: Int64 = 1_800
    /// A series with this many faults in the last 28 days can no longer stand on its own.
    public var faultsBeforeDistrust = 2
    /// A drop in one signal across at least this share of countries at once (and at least
    /// `artifactMinimumCountries`) is a collector artifact.
    public var artifactShare = 0.5
    public var artifactMinimumCountries = 3

    public init() {}
}

/// The thresholds of Tocsin's detector. Defaults were set on the evaluation generator over
/// several seeds (BENCHMARKS.md), not on any single run.
public struct TocsinParameters: Sendable, Hashable {
    /// Deep drops: two consecutive bins at or below this ratio of expected open an episode.
    public var deepRatio = 0.5
    /// …and each of them at least this many σ below expected.
    public var deepScore = 3.0
    /// CUSUM drift allowance (in σ) and decision threshold.
    public var cusumDrift = 1.0
    public var cusumThreshold = 10.0
    /// A CUSUM alarm also needs the mean ratio since the CUSUM left zero below this.
    public var shallowRatio = 0.85
    /// An episode ends after this many consecutive normal bins…
    public var recoveryBins = 2
    /// …a normal bin being at or above this ratio and above −2σ (hysteresis).
    public var recoveryRatio = 0.8
    /// How long history is inpainted before a new level is accepted (the episode then ends).
    public var inpaintLimit: Int64 = 7 * 86_400
    /// A drop in one signal across at least this share of countries at once (and at least
    /// `artifactMinimumCountries`) is a collector artifact.
    public var artifactShare = 0.5
    public var artifactMinimumCountries = 3

    public init() {}
}

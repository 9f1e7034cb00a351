/// What one series' own quiet history says about its window statistics, so each series sets
/// its own thresholds.
///
/// For every window length (`RecentBins.windows`), and for the step, it keeps the typical size of the window's
/// log ratio (a running mean of its absolute value, over about a week), and a histogram of
/// how far below expected, in those units, the window has read (decaying with a half-life of
/// two weeks). A rule's threshold for the window is then beyond the worst values the series
/// showed without an outage: what its own history would have fired on more than
/// `allowedBins` times lies inside the threshold. Day-to-day wobble, regime moves and count
/// noise all widen it, each in the series where they happen.
///
/// Values join the history 36 bins late and only if no episode opened meanwhile, so the
/// first bins of a real drop, seen before it was raised, never teach the series that drops
/// are normal.
struct WindowCalibration: Sendable {
    static let buckets = 120
    static let bucketWidth = 0.25
    static let delay = 36
    /// Decayed bins of history allowed beyond a threshold.
    static let allowedBins: Float = 3
    /// Once a day, the histogram keeps 2^(−1/14) of itself: a half-life of two weeks.
    static let dailyDecay: Float = 0.951_61

    private var spread: [Double]
    private var spreadSeen: [Int]
    private var tail: [Float]
    private var pending: [Float]
    private var pendingCount = 0
    private var pendingHead = 0
    private var pushes = 0
    private var limits: [Double]
    private let floors: [Double]
    private let margin: Double

    /// - Parameters:
    ///   - floors: the least threshold per window, in units of the window's spread.
    ///   - margin: how far beyond the worst quiet values the threshold sits (×).
    init(floors: [Double], margin: Double) {
        let n = RecentBins.statistics
        precondition(floors.count == n)
        self.floors = floors
        self.margin = margin
        spread = Array(repeating: 0, count: n)
        spreadSeen = Array(repeating: 0, count: n)
        tail = Array(repeating: 0, count: n * Self.buckets)
        pending = Array(repeating: .nan, count: n * 2 * Self.delay)
        limits = floors
    }

    /// The window's noise scale: its learned spread, or its counting noise if larger.
    func scale(_ k: Int, counting: Double) -> Double {
        max(spread[k] * 1.2533, counting, 0.005)
    }

    /// The threshold (in units of `scale`) that window `k` must fall below to raise an episode.
    func limit(_ k: Int) -> Double { limits[k] }

    /// Queues this bin's windows for the history (runs for every point: written on raw buffers).
    mutating func push(_ recent: RecentBins) {
        let n = RecentBins.statistics
        let full = pendingCount == Self.delay
        let oldest = pendingHead
        let slot = full ? pendingHead : (pendingHead + pendingCount) % Self.delay
        if full {
            for k in 0..<n {
                let d = pending[(oldest * n + k) * 2], c = pending[(oldest * n + k) * 2 + 1]
                if !d.isNaN { learn(k, logRatio: Double(d), counting: Double(c)) }
            }
        }
        pending.withUnsafeMutableBufferPointer { pending in
            for k in 0..<n {
                // The hour and three-hour windows move little from one bin to the next: every
                // third of their values is enough, each counting for three.
                if Self.thinned(k), pushes % 3 != 0 {
                    pending[(slot * n + k) * 2] = .nan
                } else if let w = k == RecentBins.stepIndex ? recent.step() : recent.window(k) {
                    pending[(slot * n + k) * 2] = Float(w.logRatio)
                    pending[(slot * n + k) * 2 + 1] = Float(w.counting)
                } else {
                    pending[(slot * n + k) * 2] = .nan
                }
            }
        }
        if full { pendingHead = (pendingHead + 1) % Self.delay } else { pendingCount += 1 }
        pushes += 1
        if pushes % 36 == 0 { refreshLimits() }
        if pushes % 288 == 0 { for i in tail.indices { tail[i] *= Self.dailyDecay } }
    }

    /// The hour and three-hour windows, learned from every third bin.
    private static func thinned(_ k: Int) -> Bool { k == 2 || k == 3 }

    /// Forgets the queued bins: an episode opened, they were its onset.
    mutating func discardPending() {
        pendingCount = 0
        pendingHead = 0
    }

    private mutating func learn(_ k: Int, logRatio d: Double, counting: Double) {
        let s = scale(k, counting: counting)
        let z = d / s
        if z < 0 {
            let b = min(Self.buckets - 1, Int(-z / Self.bucketWidth))
            tail.withUnsafeMutableBufferPointer { $0[k * Self.buckets + b] += Self.thinned(k) ? 3 : 1 }
        }
        let seen = spreadSeen[k]
        let weight = seen < 288 ? 1.0 / Double(seen + 1) : 1.0 / 2016
        let bound = seen < 288 ? Double.infinity : 4 * s
        spread[k] += weight * (min(abs(d), bound) - spread[k])
        spreadSeen[k] = seen + 1
    }

    private mutating func refreshLimits() {
        for k in limits.indices {
            var mass: Float = 0
            var worst = 0.0
            for b in stride(from: Self.buckets - 1, through: 0, by: -1) {
                mass += tail[k * Self.buckets + b]
                if mass >= Self.allowedBins { worst = Double(b + 1) * Self.bucketWidth; break }
            }
            limits[k] = max(floors[k], margin * worst)
        }
    }
}

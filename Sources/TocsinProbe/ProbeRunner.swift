import TocsinGeo
import Foundation
import TocsinCore

/// Runs Trinocular rounds the way the command line and the server both do: each round's
/// blocks split into slots spread evenly over the interval, probing off the cooperative
/// threads (a prober blocks on its socket), and the `probing` points handed over at every
/// 5-minute bin the round passes and at its end. Changes come back located (AS, country).
public struct ProbeRunner<Family: ProbeFamily>: Sendable {
    public private(set) var blocks: [TrackedBlock<Family>]
    public let prober: Prober<Family>
    public let interval: Double
    public let slots: Int
    private var signal: ProbingSignal<Family>

    /// `slots` 0 picks one slot per 10 s of the interval.
    public init(blocks: [TrackedBlock<Family>], prober: Prober<Family>, locate: @escaping @Sendable (Family.Bits) -> NetworkLocation,
                interval: Double, slots: Int = 0) {
        self.blocks = blocks
        self.prober = prober
        self.interval = interval
        self.slots = slots > 0 ? slots : max(1, Int(interval / 10))
        signal = ProbingSignal(locate: locate)
    }

    /// One round; returns when its last slot is probed (the caller waits out the interval).
    public mutating func round(points deliver: ([SignalPoint]) async throws -> Void) async rethrows -> ProbeRound.Outcome {
        guard !blocks.isEmpty else { return ProbeRound.Outcome() }
        let start = Date()
        let groups = ProbeRound.slots(blocks, count: slots)
        var total = ProbeRound.Outcome()
        var lastBin: Int64?
        for (k, group) in groups.enumerated() {
            let due = start.addingTimeInterval(interval * Double(k) / Double(groups.count))
            let wait = due.timeIntervalSinceNow
            if wait > 0 { try? await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
            // Stopping: the slots probed so far are handed back (their changes are kept).
            if Task.isCancelled { break }
            let time = Int64(Date().timeIntervalSince1970)
            let before = blocks, prober = self.prober
            let (outcome, after) = await withCheckedContinuation { (c: CheckedContinuation<(ProbeRound.Outcome, [TrackedBlock<Family>]), Never>) in
                DispatchQueue.global().async {
                    var round = before
                    let outcome = ProbeRound.run(&round, subset: group, prober: prober, time: time)
                    c.resume(returning: (outcome, round))
                }
            }
            blocks = after
            for (change, i) in zip(outcome.changes, outcome.changed) {
                var change = change
                let location = signal.location(of: after[i].block)
                change.asn = location.asn
                change.country = location.country
                change.region = location.region
                change.access = location.group?.rawValue
                total.changes.append(change)
                total.changed.append(i)
            }
            total.probes += outcome.probes
            total.undecided += outcome.undecided
            let bin = TimeBin.floor(time)
            if let lastBin, bin != lastBin { try await deliver(signal.points(blocks, time: lastBin)) }
            lastBin = bin
        }
        try await deliver(signal.points(blocks, time: Int64(Date().timeIntervalSince1970)))
        return total
    }
}

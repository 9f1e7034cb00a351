import TocsinCore
import TocsinGeo

/// One Trinocular round over the tracked blocks: in waves, each undecided block gets one
/// more probe (to its next ever-responsive address), beliefs are updated, and blocks whose
/// belief passes 0.9 or 0.1 stop; at most `maximumProbes` per block per round.
public struct ProbeRound: Sendable {
    public static let maximumProbes = 14

    public struct Outcome: Sendable {
        /// Blocks that went down or came back (located by the runner, which knows the
        /// reference data).
        public var changes: [ProbeBlockChange] = []
        /// The index in the round's blocks of each change.
        public var changed: [Int] = []
        public var probes = 0
        /// Blocks the round could not decide (kept at their previous state).
        public var undecided = 0
    }

    /// Runs the round over `subset` (default: every block); `time` stamps the changes.
    @_specialize(exported: true, where Family == IPv4)
    @_specialize(exported: true, where Family == IPv6)
    public static func run<Family>(_ blocks: inout [TrackedBlock<Family>], subset: [Int]? = nil, prober: Prober<Family>, time: Int64) -> Outcome {
        run(&blocks, subset: subset, time: time) { targets in (prober.probe(targets), prober.unsent) }
    }

    /// The round with any probe function (tests and the scheduling benchmark use a model).
    // Specialised for both families: a round walks millions of blocks, and generic code
    // called from another module would otherwise go through witness tables for each.
    @_specialize(exported: true, where Family == IPv4)
    @_specialize(exported: true, where Family == IPv6)
    public static func run<Family>(_ blocks: inout [TrackedBlock<Family>], subset: [Int]? = nil, time: Int64,
                                   probe: ([Family.Bits]) -> Set<Family.Bits>) -> Outcome {
        run(&blocks, subset: subset, time: time) { targets in (probe(targets), []) }
    }

    /// The round itself: `probe` answers which targets replied and which were never sent
    /// (those are not evidence: a block whose probes cannot leave stays as it was).
    static func run<Family>(_ blocks: inout [TrackedBlock<Family>], subset: [Int]?, time: Int64,
                            probe: ([Family.Bits]) -> (answered: Set<Family.Bits>, unsent: Set<Family.Bits>)) -> Outcome {
        var outcome = Outcome()
        let members = subset ?? Array(blocks.indices)
        for i in members { blocks[i].startRound() }
        var pending = members
        for _ in 0..<maximumProbes where !pending.isEmpty {
            let targets = pending.map { blocks[$0].nextTarget() }
            outcome.probes += targets.count
            let (answered, unsent) = probe(targets)
            for (k, i) in pending.enumerated() where !unsent.contains(targets[k]) { blocks[i].observe(replied: answered.contains(targets[k])) }
            pending.removeAll { blocks[$0].isDecided }
        }
        outcome.undecided = pending.count
        for i in members {
            let b = blocks[i]
            if let now = b.verdict, now != b.up {
                blocks[i].up = now
                blocks[i].changedAt = time
                outcome.changes.append(ProbeBlockChange(prefix: b.prefixText, up: now, time: time))
                outcome.changed.append(i)
            }
        }
        return outcome
    }

    /// Trinocular spreads a round's probing evenly over its interval: the blocks split into
    /// `slots` groups of equal size (a block keeps its slot while the set of blocks stays the
    /// same), and group `k` is probed at `k/slots` of the interval.
    @_specialize(exported: true, where Family == IPv4)
    @_specialize(exported: true, where Family == IPv6)
    public static func slots<Family>(_ blocks: [TrackedBlock<Family>], count: Int) -> [[Int]] {
        let n = max(1, min(count, blocks.count))
        var groups = [[Int]](repeating: [], count: n)
        // Ranked by a hash of the block (so neighbours do not share a slot), dealt in turn.
        let ranked = blocks.indices.sorted { mix(UInt64(truncatingIfNeeded: blocks[$0].block)) < mix(UInt64(truncatingIfNeeded: blocks[$1].block)) }
        for (rank, i) in ranked.enumerated() { groups[rank % n].append(i) }
        return groups.filter { !$0.isEmpty }
    }

    /// SplitMix64's finaliser: neighbouring blocks land in unrelated slots.
    private static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

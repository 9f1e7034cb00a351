/// One Trinocular round over the tracked blocks: in waves, each undecided block gets one
/// more probe (to its next ever-responsive address), beliefs are updated, and blocks whose
/// belief passes 0.9 or 0.1 stop; at most `maximumProbes` per block per round.
public struct ProbeRound: Sendable {
    public static let maximumProbes = 14

    /// A block that went down or came back.
    public struct Change: Sendable, Hashable, Codable {
        public var block: String
        public var up: Bool
        public var time: Int64

        public init(block: String, up: Bool, time: Int64) {
            self.block = block
            self.up = up
            self.time = time
        }
    }

    public struct Outcome: Sendable {
        public var changes: [Change] = []
        public var probes = 0
        /// Blocks the round could not decide (kept at their previous state).
        public var undecided = 0
    }

    /// Runs the round; `time` stamps the changes (Unix seconds).
    public static func run(_ blocks: inout [TrackedBlock], prober: Prober, time: Int64) -> Outcome {
        run(&blocks, time: time) { prober.probe($0) }
    }

    /// The round with any probe function (tests and the scheduling benchmark use a model).
    public static func run(_ blocks: inout [TrackedBlock], time: Int64, probe: ([UInt32]) -> Set<UInt32>) -> Outcome {
        var outcome = Outcome()
        for i in blocks.indices { blocks[i].startRound() }
        var pending = Array(blocks.indices)
        for _ in 0..<maximumProbes where !pending.isEmpty {
            let targets = pending.map { blocks[$0].nextTarget() }
            outcome.probes += targets.count
            let answered = probe(targets)
            for (k, i) in pending.enumerated() { blocks[i].observe(replied: answered.contains(targets[k])) }
            pending.removeAll { blocks[$0].isDecided }
        }
        outcome.undecided = pending.count
        for i in blocks.indices {
            let b = blocks[i]
            if let now = b.verdict, now != b.up {
                blocks[i].up = now
                blocks[i].changedAt = time
                outcome.changes.append(Change(block: b.prefixText, up: now, time: time))
            }
        }
        return outcome
    }
}

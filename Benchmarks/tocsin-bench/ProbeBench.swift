import Foundation
import TocsinCore
import TocsinGeo
import TocsinProbe

/// Probing benchmarks: the cost of scheduling Trinocular rounds at IODA's scale without
/// sending, and the sustained send/receive rate against real targets.
enum ProbeBench {
    /// One full round over `count` blocks against a model (95% up, availability spread
    /// 0.1–1): belief updates, target choice, bookkeeping; no packets.
    static func schedule(blocks count: Int) {
        var rng = SplitMix64(seed: 9)
        var blocks = (0..<count).map { i in
            TrackedBlock<IPv4>(block: UInt32(i), hosts: Array(1...UInt8(15 + rng.next() % 200)), availability: 0.1 + Double(rng.next() % 90) / 100)
        }
        let downs = Set((0..<count / 20).map { _ in UInt32(rng.next() % UInt64(count)) })
        let clock = ContinuousClock()
        for round in 0..<2 {
            var answers = 0
            let elapsed = clock.measure {
                let outcome = ProbeRound.run(&blocks, time: Int64(round) * 600) { targets in
                    var set = Set<UInt32>()
                    set.reserveCapacity(targets.count)
                    for t in targets where !downs.contains(t >> 8) && (t & 0xFF) % 10 < 7 { set.insert(t) }
                    answers += set.count
                    return set
                }
                print("round \(round): \(outcome.probes) probes scheduled, \(outcome.changes.count) changes, \(outcome.undecided) undecided")
            }
            print("  \(count) blocks in \(elapsed) (a 10-minute round leaves \(String(format: "%.0f", 600 / (elapsed.seconds)))× headroom)")
        }
    }

    /// Probes every address of `prefix` (IPv4 or IPv6) `passes` times at `rate`, as fast as it allows.
    static func rate(prefix: String, rate: Double, passes: Int) throws {
        if let p = try? IPv4Prefix(prefix) { try run(p, rate: rate, passes: passes) } else { try run(try IPv6Prefix(prefix), rate: rate, passes: passes) }
    }

    static func run<Family: ProbeFamily>(_ p: IPPrefix<Family>, rate: Double, passes: Int) throws {
        let targets = try Census<Family>.addresses([p])
        let prober = Prober(scope: ProbeScope(prefixes: [p]), configuration: Prober<Family>.Configuration(rate: rate, burst: rate / 100, timeout: 1, maxPerBlock: 1_000_000),
                            socket: try ICMPSocket<Family>())
        let clock = ContinuousClock()
        var answered = 0
        let elapsed = clock.measure { for _ in 0..<passes { answered += prober.probe(targets).count } }
        let seconds = elapsed.seconds
        let c = prober.counters
        print("\(Family.name): \(c.sent) probes, \(answered) answered (\(String(format: "%.1f", 100 * Double(answered) / Double(max(c.sent, 1))))%) in \(String(format: "%.2f", seconds)) s: \(Int(Double(c.sent) / seconds)) probes/s sustained (ignored \(c.ignored), duplicates \(c.duplicates))")
    }
}

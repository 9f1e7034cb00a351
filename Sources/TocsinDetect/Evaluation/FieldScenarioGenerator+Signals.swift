#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TocsinCore

extension FieldScenarioGenerator {
    /// The four series of one entity, nuisances included.
    func signals(of p: Profile, disruptions: [Disruption], glitches: [FleetGlitch], bins: Int,
                 rng: inout SplitMix64) -> [Series] {
        let days = bins / Self.binsPerDay + 12  // local days are counted from 10 days before the origin
        let wobble = (0..<days).map { _ in (telescope: exp(0.08 * rng.gaussian()), traffic: exp(0.05 * rng.gaussian())) }
        let regimes = hard ? spans(count: weeks, length: 24...288, bins: bins, rng: &rng) : []
        let regimeFactor = regimes.map { _ in Bool.random(using: &rng) ? 1.3 : 0.7 }
        let bursts = spans(count: weeks * 2, length: 1...12, bins: bins, rng: &rng)
        let burstFactor = bursts.map { _ in Double.random(in: 1.5...4, using: &rng) }
        let flaps = spans(count: weeks * 4, length: 1...6, bins: bins, rng: &rng)
        let flapShare = flaps.map { _ in Double.random(in: 0.002...(hard ? 0.3 : 0.1), using: &rng) }
        let hiccups = spans(count: weeks / 2, length: 1...3, bins: bins, rng: &rng)
        let gaps = (0..<4).map { _ in spans(count: max(1, weeks / 2), length: 12...144, bins: bins, rng: &rng) }
        let noise = min(0.2, max(0.01, 0.8 / p.size.squareRoot()))
        var samples = [[(time: Int64, value: Double?)]](repeating: [], count: 4)
        for s in samples.indices { samples[s].reserveCapacity(bins) }
        for b in 0..<bins {
            let t = Self.time(b)
            let localBin = b + p.utcOffset * 12 + 10 * Self.binsPerDay
            let day = localBin / Self.binsPerDay
            let hour = Double(localBin % Self.binsPerDay) / 12
            let activity = 0.5 - 0.5 * cos(2 * Double.pi * (hour - 4) / 24)
            let weekday = (day + 2) % 7  // origin is a Wednesday; 5, 6 = Saturday, Sunday
            let calendar = (weekday >= 5 ? 1 - p.weekendDip * activity : 1) * (p.holidays.contains(day - 10) ? 1 - 0.25 * activity : 1)
            let shift = p.shift.map { b >= $0.bin ? $0.factor : 1 } ?? 1
            var left = [1.0, 1.0, 1.0, 1.0]
            for d in disruptions { for s in 0..<4 { left[s] = min(left[s], d.level(s, at: b)) } }
            for g in glitches where b >= g.start && b < g.start + g.length { left[g.signal] = min(left[g.signal], g.left) }
            for s in 0..<4 where p.present[s] {
                if gaps[s].contains(where: { $0.contains(b) }) { samples[s].append((t, nil)); continue }
                let value: Double
                switch s {
                case 0:
                    let flapped = zip(flaps, flapShare).filter { $0.0.contains(b) }.map { max(1, ($0.1 * p.size).rounded()) }.max() ?? 0
                    value = max(0, (p.size * left[0]).rounded() - flapped)
                case 1:
                    value = rng.binomial(p.probedBlocks, p.availability * (1 - 0.03 * activity) * left[1] * shift)
                case 2:
                    let hiccup = hiccups.contains { $0.contains(b) } ? 0.5 : 1
                    let level = p.size * p.trafficPerBlock * (1 - p.trafficAmplitude + p.trafficAmplitude * activity)
                        * calendar * wobble[day].traffic * shift * left[2] * hiccup
                    value = level * exp(noise * rng.gaussian())
                default:
                    let regime = zip(regimes, regimeFactor).first { $0.0.contains(b) }?.1 ?? 1
                    let burst = zip(bursts, burstFactor).first { $0.0.contains(b) }?.1 ?? 1
                    let lambda = p.size * p.telescopeRate * (1 - p.telescopeAmplitude + p.telescopeAmplitude * activity)
                        * wobble[day].telescope * regime * burst * shift * left[3]
                    value = rng.poisson(lambda)
                }
                samples[s].append((t, value))
            }
        }
        return samples.indices.filter { p.present[$0] }.map {
            Series(key: SeriesKey(entity: p.id, signal: Self.signals[$0]), samples: samples[$0])
        }
    }

    /// About `count` stretches of the given lengths (in bins), anywhere in the scenario.
    private func spans(count: Int, length: ClosedRange<Int>, bins: Int, rng: inout SplitMix64) -> [Range<Int>] {
        (0..<count).map { _ in
            let start = Int.random(in: 0..<bins, using: &rng)
            return start..<min(bins, start + Int.random(in: length, using: &rng))
        }
    }
}

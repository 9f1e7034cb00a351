#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TocsinCore

/// A second family of labelled scenarios, designed apart from `ScenarioGenerator` and never
/// used to set the detector's parameters: the nuisances real feeds have.
///
/// Independent entities (half countries, half networks), each of 20 to 50,000 routed /24s
/// in a time zone from UTC−8 to +10, watched by four signals as real collectors deliver them:
/// - `bgp`: routed /24s, with flaps of single prefixes (a large share of a small network);
/// - `probing`: blocks answering, a binomial count over the blocks tracked (sparse for small
///   networks, as Trinocular's are);
/// - `traffic`: volume with a daily cycle in local time, weekends, holidays, a day-to-day
///   wobble, lognormal noise shrinking with size, and short exporter hiccups;
/// - `telescope`: unsolicited sources, Poisson counts of 0.05–2 per /24 per bin (so a small
///   network reads 1–10), a 30–70% daily cycle, an 8% level wobble drawn once a day, rare scan
///   bursts ×1.5–4 and, when `hard`, multi-hour regime moves of ±30%.
///
/// On top: gaps of 1–12 hours per signal about every two weeks (rows with an empty value),
/// two holidays, a lasting ±15% level shift in a quarter of the entities, and fleet-wide
/// collector and prober glitches. Events ramp in and out over 0–60 minutes, and each signal
/// follows with its own lag of 0–10 minutes; truth runs from the first signal's fall to the
/// last one's return.
public struct FieldScenarioGenerator: Sendable {
    public var seed: UInt64
    public var entities = 30
    public var weeks = 8
    /// Regime moves in the telescope, bigger flaps, networks without flow exports.
    public var hard = false
    public var priors = OutagePriors.builtIn

    public init(seed: UInt64) { self.seed = seed }

    static let binsPerDay = 288
    /// 2023-03-01T00:00:00Z, a Wednesday (the other family starts on a Saturday in 2022).
    static let origin: Int64 = 1_677_628_800
    static let warmUpDays = 14

    /// The four signals, in the order of `Profile.present` and `Disruption.remaining`.
    static let signals: [SignalName] = [.bgp, .probing, .traffic, try! SignalName("telescope")]

    struct Profile {
        var id: EntityID
        var name: String
        var country: String
        var size: Double
        var utcOffset: Int
        var present: [Bool]
        var telescopeRate: Double
        var telescopeAmplitude: Double
        var trafficPerBlock: Double
        var trafficAmplitude: Double
        var weekendDip: Double
        var probedBlocks: Int
        var availability: Double
        var shift: (bin: Int, factor: Double)?
        var holidays: Set<Int>
    }

    /// One injected disruption of one entity.
    struct Disruption {
        var kind: EventKind
        var cause: EventCause
        var start: Int
        var hold: Int
        var rampIn: Int
        var rampOut: Int
        var lag: [Int]
        /// Fraction left at full depth, per signal (1 = untouched).
        var remaining: [Double]

        /// The fraction of signal `s` left at bin `b`.
        func level(_ s: Int, at b: Int) -> Double {
            let u = b - (start + lag[s])
            let loss = 1 - remaining[s]
            guard loss > 0, u >= 0 else { return 1 }
            if u < rampIn { return 1 - loss * Double(u + 1) / Double(rampIn + 1) }
            if u < rampIn + hold { return remaining[s] }
            let v = u - rampIn - hold
            if v < rampOut { return 1 - loss * Double(rampOut - v) / Double(rampOut + 1) }
            return 1
        }

        var affected: [Int] { remaining.indices.filter { remaining[$0] < 1 } }
        var first: Int { start + (affected.map { lag[$0] }.min() ?? 0) }
        var last: Int { start + (affected.map { lag[$0] }.max() ?? 0) + rampIn + hold + rampOut }
        var depth: Double { 1 - (remaining.min() ?? 1) }
    }

    public func generate() -> Scenario {
        var rng = SplitMix64(seed: seed ^ 0x6669_656C_645F_7363)
        let bins = weeks * 7 * Self.binsPerDay
        let profiles = makeProfiles(bins: bins, rng: &rng)
        let glitches = fleetGlitches(bins: bins, rng: &rng)
        var series: [Series] = []
        var truth: [TruthEpisode] = []
        var tolerated: [TruthEpisode] = []
        for profile in profiles {
            let disruptions = schedule(profile, bins: bins, rng: &rng)
            series += signals(of: profile, disruptions: disruptions, glitches: glitches, bins: bins, rng: &rng)
            for d in disruptions {
                let start = Self.time(d.first), end = Self.time(min(d.last, bins))
                truth.append(TruthEpisode(entity: profile.id, start: start, end: end, depth: d.depth, kind: d.kind,
                                          cause: d.cause, primary: true, scope: EventScope(entity: profile.id),
                                          rampIn: Int64(d.rampIn) * TimeBin.seconds))
                tolerated.append(TruthEpisode(entity: profile.id, start: end, end: end + 7200, depth: 0, kind: d.kind,
                                              cause: d.cause, primary: false, scope: EventScope(entity: profile.id)))
            }
        }
        let entities = profiles.map { p in
            Entity(id: p.id, name: p.name, country: p.country, access: p.id.country == nil ? .mixed : .unknown)
        }
        return Scenario(series: series, entities: entities, truth: truth, tolerated: tolerated,
                        evaluationStart: Self.origin + Int64(Self.warmUpDays) * 86_400,
                        end: Self.time(bins), artifacts: glitches.map { Self.time($0.start) })
    }

    static func time(_ bin: Int) -> Int64 { origin + Int64(bin) * TimeBin.seconds }

    private func makeProfiles(bins: Int, rng: inout SplitMix64) -> [Profile] {
        let codes = ["KZ", "IR", "MM", "SD", "ET", "SY", "IQ", "PK", "BD", "TM", "UZ", "TJ", "AZ", "AM", "GE", "UA",
                     "BY", "RU", "VE", "CU", "NI", "TD", "GN", "ML", "SN", "CM", "CD", "UG", "TZ", "KE", "ZW", "ZM",
                     "DZ", "LY", "EG", "JO", "LB", "YE", "OM", "AF"]
        let countries = max(1, (entities + 1) / 2)
        var profiles: [Profile] = []
        for i in 0..<entities {
            let isCountry = i < countries
            let country = codes[(isCountry ? i : Int.random(in: 0..<countries, using: &rng)) % codes.count]
            let size = exp(Double.random(in: log(20.0)...log(50_000.0), using: &rng)).rounded()
            let asn = UInt32(8_000 + i * 37 + Int.random(in: 0..<30, using: &rng))
            var present = [true, true, true, true]
            if hard, !isCountry, Double.random(in: 0..<1, using: &rng) < 0.2 { present[2] = false }
            let shift: (Int, Double)? = Double.random(in: 0..<1, using: &rng) < 0.25
                ? (Int.random(in: (7 * Self.binsPerDay)..<bins, using: &rng), Bool.random(using: &rng) ? 1.15 : 0.85)
                : nil
            profiles.append(Profile(
                id: isCountry ? try! EntityID.country(country) : .asn(asn),
                name: isCountry ? "Country \(country)" : "Network AS\(asn)",
                country: country, size: size, utcOffset: Int.random(in: -8...10, using: &rng), present: present,
                telescopeRate: exp(Double.random(in: log(0.05)...log(2.0), using: &rng)),
                telescopeAmplitude: Double.random(in: 0.3...0.7, using: &rng),
                trafficPerBlock: Double.random(in: 40...400, using: &rng),
                trafficAmplitude: Double.random(in: 0.4...0.8, using: &rng),
                weekendDip: Double.random(in: 0.05...0.2, using: &rng),
                probedBlocks: max(5, min(20_000, Int(size * Double.random(in: 0.1...0.5, using: &rng)))),
                availability: Double.random(in: 0.8...0.97, using: &rng),
                shift: shift,
                holidays: Set((0..<2).map { _ in Int.random(in: 10..<(weeks * 7), using: &rng) })))
        }
        return profiles
    }

    /// Disruptions of one entity: about 0.6 a week after the warm-up, at least 12 hours apart.
    private func schedule(_ profile: Profile, bins: Int, rng: inout SplitMix64) -> [Disruption] {
        var result: [Disruption] = []
        var b = Self.warmUpDays * Self.binsPerDay + Int.random(in: 0..<(2 * Self.binsPerDay), using: &rng)
        while true {
            b += Int(-log(Double.random(in: 1e-9..<1, using: &rng)) * 11.5 * Double(Self.binsPerDay))
            let roll = Double.random(in: 0..<1, using: &rng)
            let kind: EventKind = roll < 0.35 ? .routedShutdown : roll < 0.65 ? .dataPlaneShutdown : .shallow
            let cause: EventCause = kind == .shallow ? .unknown : .shutdown
            let seconds = priors.duration(cause, limits: 1800...(3 * 86_400), using: &rng)
            let rampIn = Bool.random(using: &rng) ? 0 : Int.random(in: 1...12, using: &rng)
            let rampOut = Bool.random(using: &rng) ? 0 : Int.random(in: 1...12, using: &rng)
            let hold = max(1, Int(seconds / TimeBin.seconds) - rampIn - rampOut)
            var remaining = [1.0, 1.0, 1.0, 1.0]
            switch kind {
            case .routedShutdown:
                let left = Double.random(in: 0...0.4, using: &rng)
                for s in 0..<4 { remaining[s] = min(1, left * Double.random(in: 0.5...1.2, using: &rng)) }
            case .dataPlaneShutdown:
                let left = Double.random(in: 0...0.4, using: &rng)
                for s in 1..<4 { remaining[s] = min(1, left * Double.random(in: 0.5...1.2, using: &rng)) }
            default:
                let depth = Double.random(in: 0.2...0.5, using: &rng)
                for s in 1..<4 { remaining[s] = 1 - depth * Double.random(in: 0.9...1.1, using: &rng) }
                if Bool.random(using: &rng) { remaining[0] = 1 - depth }
            }
            for s in 0..<4 where !profile.present[s] { remaining[s] = 1 }
            let d = Disruption(kind: kind, cause: cause, start: b, hold: hold, rampIn: rampIn, rampOut: rampOut,
                               lag: (0..<4).map { _ in Int.random(in: 0...2, using: &rng) }, remaining: remaining)
            guard d.last + Self.binsPerDay / 2 < bins else { break }
            result.append(d)
            b = d.last + Self.binsPerDay / 2
        }
        return result
    }

    /// A drop of one signal everywhere at once: the collector or the prober, not the networks.
    struct FleetGlitch {
        var signal: Int
        var start: Int
        var length: Int
        var left: Double
    }

    private func fleetGlitches(bins: Int, rng: inout SplitMix64) -> [FleetGlitch] {
        [3, 1, 0].flatMap { signal in
            (0..<(signal == 3 ? 2 : 1)).map { _ in
                FleetGlitch(signal: signal, start: Int.random(in: (Self.warmUpDays * Self.binsPerDay)..<(bins - 12), using: &rng),
                            length: Int.random(in: 2...6, using: &rng), left: Double.random(in: 0...0.3, using: &rng))
            }
        }
    }
}

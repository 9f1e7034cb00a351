import TocsinCore

/// Makes labelled series for the evaluation: countries of mobile and fixed networks in two
/// regions each, with bgp, probing and traffic per network, region, access group and country
/// (each the sum of its parts), plus BGP update counts per country.
///
/// Realism: diurnal cycles in local time, weekends, holidays, slow growth, lasting level shifts,
/// multiplicative noise, gaps with no rows, and collector artifacts (every network's BGP
/// dropping at once). Events (see `EventKind`) are placed after the baselines had three weeks
/// to learn, with durations drawn from IODA's hand-checked outages.
public struct ScenarioGenerator: Sendable {
    public var seed: UInt64
    public var countries = 8
    public var weeks = 10
    public var priors = OutagePriors.builtIn

    public init(seed: UInt64) { self.seed = seed }

    static let binsPerDay = 288
    static let origin: Int64 = 1_640_995_200  // 2022-01-01T00:00:00Z, a Saturday

    struct Network {
        var asn: UInt32
        var access: AccessType
        var traffic: Double
        var probing: Double
        var bgp: Double
        /// A lasting change of level: from this bin on, traffic and probes are multiplied by `shift.factor`.
        var shift: (bin: Int, factor: Double)?
    }
    struct Country { var code: String; var utcOffset: Int; var networks: [Network]; var regions: [(code: String, share: Double)]; var holidays: Set<Int> }
    struct Cell { var country: Int; var network: Int; var region: Int }

    public func generate() -> Scenario {
        var rng = SplitMix64(seed: seed)
        let bins = weeks * 7 * Self.binsPerDay
        let named = ["KZ", "IR", "MM", "SD", "ET", "SY", "IQ", "IN", "PK", "RU", "BY", "VE", "CU", "LY", "TD", "GN"]
        // Beyond the named ones, two-letter codes in order (AA, AB, ...), never repeating.
        var codes: [String] = named
        for i in 0..<676 {
            let bytes: [UInt8] = [UInt8(65 + i / 26), UInt8(65 + i % 26)]
            let code = String(decoding: bytes, as: UTF8.self)
            if !named.contains(code) { codes.append(code) }
        }
        var countries: [Country] = []
        for c in 0..<self.countries {
            let code = codes[c % codes.count]
            var networks: [Network] = []
            for n in 0..<4 {
                let mobile = n < 2
                // One network in four grows by a lasting 10-20% step at some point (new customers, a
                // migration): a level shift, not an event.
                let shift: (Int, Double)? = Int.random(in: 0..<4, using: &rng) == 0
                    ? (Int.random(in: (7 * Self.binsPerDay)..<(weeks * 7 * Self.binsPerDay), using: &rng), Double.random(in: 1.1...1.2, using: &rng))
                    : nil
                networks.append(Network(asn: UInt32(64_512 + c * 10 + n), access: mobile ? .mobile : .fixed,
                                        traffic: Double.random(in: mobile ? 3e4...9e4 : 1e4...3e4, using: &rng),
                                        probing: Double.random(in: mobile ? 80...400 : 300...1500, using: &rng),
                                        bgp: Double.random(in: mobile ? 200...1500 : 500...4000, using: &rng).rounded(),
                                        shift: shift))
            }
            let share = Double.random(in: 0.55...0.7, using: &rng)
            let holidays = Set((0..<2).map { _ in Int.random(in: 14..<(weeks * 7), using: &rng) })
            countries.append(Country(code: code, utcOffset: Int.random(in: 0...8, using: &rng), networks: networks,
                                     regions: [("\(code)-1", share), ("\(code)-2", 1 - share)], holidays: holidays))
        }
        var cells: [Cell] = []
        for (c, country) in countries.enumerated() {
            for n in country.networks.indices { for r in country.regions.indices { cells.append(Cell(country: c, network: n, region: r)) } }
        }
        // Impact per cell and signal (1 = untouched), and which event touches each country when.
        var impact = [[[Float]]](repeating: [[Float]](repeating: [Float](repeating: 1, count: bins), count: 3), count: cells.count)
        var activeEvent = [[Int]](repeating: [Int](repeating: -1, count: bins), count: countries.count)
        var bursts = [[Double]](repeating: [Double](repeating: 1, count: bins), count: countries.count)
        let events = schedule(countries: countries, bins: bins, rng: &rng)
        for event in events {
            for hit in event.cells {
                let cell = cells[hit.cell]
                for b in min(hit.start, bins)..<min(max(hit.end, hit.start), bins) {
                    impact[hit.cell][0][b] = min(impact[hit.cell][0][b], Float(event.bgp))
                    impact[hit.cell][1][b] = min(impact[hit.cell][1][b], Float(event.probing))
                    impact[hit.cell][2][b] = min(impact[hit.cell][2][b], Float(event.traffic))
                    activeEvent[cell.country][b] = event.id
                }
            }
            if let burst = event.burst, let c = event.cells.first.map({ cells[$0.cell].country }) {
                for b in burst where b < bins { bursts[c][b] = 12 }
            }
        }
        // Collector artifacts: every network's BGP drops at once for 15-30 minutes.
        let artifactBins = (0..<2).map { _ in Int.random(in: (3 * 2016)..<(bins - 12), using: &rng) }
        var artifact = [Float](repeating: 1, count: bins)
        for a in artifactBins { for b in a..<(a + Int.random(in: 3...6, using: &rng)) { artifact[b] = 0.3 } }

        return assemble(countries: countries, cells: cells, impact: impact, activeEvent: activeEvent, events: events,
                        bursts: bursts, artifact: artifact, artifactBins: artifactBins, bins: bins, rng: &rng)
    }

    /// Seasonal factor of traffic (diurnal in local time, weekends, holidays, growth).
    /// Weekends and holidays follow the local calendar and act in proportion to daytime
    /// activity, so they fade in and out through the night as real ones do.
    func trafficSeason(_ b: Int, _ country: Country) -> Double {
        let localBin = b + country.utcOffset * 12
        let localHour = Double(localBin % Self.binsPerDay) / 12
        let activity = 0.5 - 0.5 * cos(2 * Double.pi * (localHour - 4) / 24)
        let diurnal = 0.35 + 0.65 * activity
        let day = localBin / Self.binsPerDay
        let weekend = day % 7 < 2 ? 1 - 0.08 * activity : 1.0
        let holiday = country.holidays.contains(day) ? 1 - 0.1 * activity : 1.0
        let growth = 1 + 0.05 * Double(b) / Double(weeks * 7 * Self.binsPerDay)
        return diurnal * weekend * holiday * growth
    }

    func probingSeason(_ b: Int, _ country: Country) -> Double {
        let localHour = (Double(b % Self.binsPerDay) / 12 + Double(country.utcOffset)).truncatingRemainder(dividingBy: 24)
        return 1 - 0.04 * (0.5 + 0.5 * cos(2 * Double.pi * (localHour - 4) / 24))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

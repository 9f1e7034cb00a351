import TocsinCore

extension ScenarioGenerator {
    /// Places events one after another in each country, from week 3 on, never overlapping.
    func schedule(countries: [Country], bins: Int, rng: inout SplitMix64) -> [InjectedEvent] {
        let rotation: [EventKind] = [.dataPlaneShutdown, .mobileShutdown, .power, .cable, .routing, .shallow,
                                     .routedShutdown, .curfew, .shallow, .routing, .power, .cable]
        var events: [InjectedEvent] = []
        var cellIndex = 0
        for (c, country) in countries.enumerated() {
            let cellCount = country.networks.count * country.regions.count
            let cells = Array(cellIndex..<(cellIndex + cellCount))
            cellIndex += cellCount
            func cellsOf(network n: Int) -> [Int] { (0..<country.regions.count).map { cells[n * country.regions.count + $0] } }
            func cellsOf(region r: Int) -> [Int] { country.networks.indices.map { cells[$0 * country.regions.count + r] } }
            let mobileCells = country.networks.indices.filter { country.networks[$0].access == .mobile }.flatMap(cellsOf(network:))
            let countryID = EntityID(kind: .country(country.code))
            let mobileID = EntityID(kind: .accessGroup(country: country.code, group: .mobile))
            var cursor = 21 * Self.binsPerDay + Int.random(in: 0..<Self.binsPerDay, using: &rng)
            var k = c
            if c == 0 {
                cursor = kazakhstan(into: &events, cells: cells, mobileCells: mobileCells, country: countryID, mobile: mobileID, at: cursor)
                cursor += Int.random(in: 1...3, using: &rng) * Self.binsPerDay
            }
            while true {
                let kind = rotation[k % rotation.count]
                k += 1
                let aligned = [.dataPlaneShutdown, .routedShutdown, .mobileShutdown, .curfew].contains(kind)
                var start = aligned ? (cursor / 6 + 1) * 6 : cursor + (cursor % 6 == 0 ? 1 : 0)
                func length(_ cause: EventCause, _ limits: ClosedRange<Int64>) -> Int {
                    Int(priors.duration(cause, limits: limits, using: &rng) / TimeBin.seconds)
                }
                func add(_ cause: EventCause, _ primary: EntityID, _ scope: EventScope, _ hit: [(Int, Int, Int)],
                         traffic: Double, probing: Double, bgp: Double, burst: Range<Int>? = nil) {
                    events.append(InjectedEvent(id: events.count, kind: kind, cause: cause, primary: primary, scope: scope,
                                                cells: hit.map { (cell: $0.0, start: $0.1, end: $0.2) },
                                                traffic: traffic, probing: probing, bgp: bgp, burst: burst))
                }
                var end: Int
                switch kind {
                case .dataPlaneShutdown:
                    end = start + length(.shutdown, 7200...172_800)
                    add(.shutdown, countryID, .national, cells.map { ($0, start, end) }, traffic: 0.03, probing: 0.05, bgp: 1, burst: (start + 3)..<(start + 6))
                case .routedShutdown:
                    end = start + length(.shutdown, 7200...172_800)
                    add(.shutdown, countryID, .national, cells.map { ($0, start, end) }, traffic: 0.04, probing: 0.05, bgp: 0.08, burst: start..<(start + 3))
                case .mobileShutdown:
                    end = start + length(.shutdown, 7200...172_800)
                    add(.shutdown, mobileID, .mobile, mobileCells.map { ($0, start, end) }, traffic: 0.05, probing: 0.08, bgp: 1)
                case .curfew:
                    let days = Int.random(in: 3...5, using: &rng)
                    let hours = Int.random(in: 4...6, using: &rng)
                    for d in 0..<days {
                        let s = start + d * Self.binsPerDay
                        add(.shutdown, countryID, .national, cells.map { ($0, s, s + hours * 12) }, traffic: 0.03, probing: 0.05, bgp: 1)
                    }
                    end = start + (days - 1) * Self.binsPerDay + hours * 12
                case .power:
                    let region = Int.random(in: 0..<country.regions.count, using: &rng)
                    let duration = length(.power, 3600...86_400)
                    let hit = country.networks.indices.map { n -> (Int, Int, Int) in
                        (cellsOf(network: n)[region], start, start + max(12, Int(Double(duration) * Double.random(in: 0.5...1.0, using: &rng))))
                    }
                    end = hit.map(\.2).max()!
                    let regionID = EntityID(kind: .region(country: country.code, code: country.regions[region].code))
                    add(.power, regionID, .regional, hit, traffic: Double.random(in: 0.3...0.55, using: &rng),
                        probing: Double.random(in: 0.35...0.6, using: &rng), bgp: 0.97)
                case .cable:
                    end = start + length(.cable, 3600...172_800)
                    add(.cable, countryID, .national, cells.map { ($0, start, end) }, traffic: Double.random(in: 0.5...0.7, using: &rng),
                        probing: Double.random(in: 0.6...0.75, using: &rng), bgp: 1, burst: start..<(start + 6))
                case .routing:
                    let n = Int.random(in: 0..<country.networks.count, using: &rng)
                    end = start + length(.routing, 1800...21_600)
                    add(.routing, .asn(country.networks[n].asn), .network, cellsOf(network: n).map { ($0, start, end) },
                        traffic: 0.05, probing: 0.05, bgp: 0.05)
                case .shallow:
                    let n = Int.random(in: 0..<country.networks.count, using: &rng)
                    end = start + length(.unknown, 3600...28_800)
                    let remain = Double.random(in: 0.5...0.78, using: &rng)
                    add(.unknown, .asn(country.networks[n].asn), .network, cellsOf(network: n).map { ($0, start, end) },
                        traffic: remain, probing: remain, bgp: 1)
                case .kazakhstan2022:
                    end = start
                }
                cursor = end + Int.random(in: 1...3, using: &rng) * Self.binsPerDay + Int.random(in: 0..<Self.binsPerDay, using: &rng)
                start = cursor
                if cursor > bins - 3 * Self.binsPerDay { break }
            }
        }
        return events
    }

    /// 4-11 January 2022 in Kazakhstan, shifted to `at`'s day: mobile throttling from 14:30,
    /// mobile cut from 16:00, national blackout from 10:30 next day with routes kept and a burst
    /// of updates at 10:45, restoration windows 17:30-22:00 and 10:30-14:00, then nightly
    /// restorations 02:30-06:00 for two more days.
    func kazakhstan(into events: inout [InjectedEvent], cells: [Int], mobileCells: [Int], country: EntityID, mobile: EntityID, at cursor: Int) -> Int {
        let day = cursor / Self.binsPerDay * Self.binsPerDay
        func bin(_ d: Int, _ h: Int, _ m: Int) -> Int { day + d * Self.binsPerDay + h * 12 + m / 5 }
        func add(_ primary: EntityID, _ scope: EventScope, _ hit: [Int], _ s: Int, _ e: Int, traffic: Double, probing: Double, burst: Range<Int>? = nil) {
            events.append(InjectedEvent(id: events.count, kind: .kazakhstan2022, cause: .shutdown, primary: primary, scope: scope,
                                        cells: hit.map { (cell: $0, start: s, end: e) }, traffic: traffic, probing: probing, bgp: 1, burst: burst))
        }
        add(mobile, .mobile, mobileCells, bin(0, 14, 30), bin(0, 16, 0), traffic: 0.5, probing: 1)
        add(mobile, .mobile, mobileCells, bin(0, 16, 0), bin(1, 10, 30), traffic: 0.1, probing: 0.15)
        add(country, .national, cells, bin(1, 10, 30), bin(1, 17, 30), traffic: 0.02, probing: 0.04, burst: bin(1, 10, 45)..<bin(1, 11, 0))
        add(country, .national, cells, bin(1, 22, 0), bin(2, 10, 30), traffic: 0.02, probing: 0.04)
        add(country, .national, cells, bin(2, 14, 0), bin(3, 2, 30), traffic: 0.02, probing: 0.04)
        add(country, .national, cells, bin(3, 6, 0), bin(4, 2, 30), traffic: 0.02, probing: 0.04)
        add(country, .national, cells, bin(4, 6, 0), bin(5, 2, 30), traffic: 0.02, probing: 0.04)
        return bin(5, 2, 30)
    }
}

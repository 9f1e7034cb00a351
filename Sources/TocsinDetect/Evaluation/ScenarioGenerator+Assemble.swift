import TocsinCore

extension ScenarioGenerator {
    /// Turns cells, seasons and impacts into entity series and entity truth.
    func assemble(countries: [Country], cells: [Cell], impact: [[[Float]]], activeEvent: [[Int]], events: [InjectedEvent],
                  bursts: [[Double]], artifact: [Float], artifactBins: [Int], bins: Int, rng: inout SplitMix64) -> Scenario {
        var entities: [Entity] = []
        var members: [(EntityID, Int, [Int])] = []  // entity, country, cells
        for (c, country) in countries.enumerated() {
            let mine = cells.indices.filter { cells[$0].country == c }
            let cid = EntityID(kind: .country(country.code))
            entities.append(Entity(id: cid, name: "Country \(country.code)"))
            members.append((cid, c, mine))
            for group in AccessGroup.allCases {
                let id = EntityID(kind: .accessGroup(country: country.code, group: group))
                entities.append(Entity(id: id, name: "\(country.code) \(group.rawValue)"))
                members.append((id, c, mine.filter { country.networks[cells[$0].network].access.rawValue == group.rawValue }))
            }
            for (n, network) in country.networks.enumerated() {
                let id = EntityID.asn(network.asn)
                entities.append(Entity(id: id, name: "Network \(network.asn)", country: country.code, access: network.access))
                members.append((id, c, mine.filter { cells[$0].network == n }))
            }
            for (r, region) in country.regions.enumerated() {
                let id = EntityID(kind: .region(country: country.code, code: region.code))
                entities.append(Entity(id: id, name: "Region \(region.code)"))
                members.append((id, c, mine.filter { cells[$0].region == r }))
            }
        }
        let eventsByID = Dictionary(events.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var series: [Series] = []
        var truth: [TruthEpisode] = []
        var tolerated: [TruthEpisode] = []
        let signals: [SignalName] = [.bgp, .probing, .traffic]
        for (entity, c, mine) in members {
            let country = countries[c]
            var samples = [[(time: Int64, value: Double?)]](repeating: [], count: 3)
            var entityImpact = [Double](repeating: 1, count: bins)
            // Gaps: about one series in ten loses a few hours of rows.
            var gaps: [Range<Int>] = []
            for _ in 0..<3 where Double.random(in: 0..<1, using: &rng) < 0.1 {
                let g = Int.random(in: 0..<(bins - 72), using: &rng)
                gaps.append(g..<(g + Int.random(in: 12...72, using: &rng)))
            }
            for b in 0..<bins {
                let t = Self.origin + Int64(b) * TimeBin.seconds
                let traffic = trafficSeason(b, country), probing = probingSeason(b, country)
                for s in 0..<3 {
                    var expected = 0.0, actual = 0.0
                    for cell in mine {
                        let net = country.networks[cells[cell].network]
                        let share = country.regions[cells[cell].region].share
                        let level = net.shift.map { b >= $0.bin ? $0.factor : 1 } ?? 1
                        let base = s == 0 ? net.bgp * share : s == 1 ? net.probing * share * probing * level : net.traffic * share * traffic * level
                        expected += base
                        actual += base * Double(impact[cell][s][b])
                    }
                    if expected > 0 { entityImpact[b] = min(entityImpact[b], actual / expected) }
                    guard !gaps.contains(where: { $0.contains(b) }) else { continue }
                    // A glitch now and then: one bin reads zero or a third of itself.
                    let glitch = Double.random(in: 0..<1, using: &rng) < 0.0005 ? Double.random(in: 0..<0.35, using: &rng) : 1
                    let clean: Double = switch s {
                    case 0: (actual * Double(artifact[b]) * (1 + 0.002 * rng.gaussian())).rounded()
                    case 1: max(0, (actual * (1 + 0.015 * rng.gaussian()) + actual.squareRoot() * 0.5 * rng.gaussian()).rounded())
                    default: actual * exp(0.05 * rng.gaussian())
                    }
                    samples[s].append((t, clean * glitch))
                }
            }
            for s in 0..<3 { series.append(Series(key: SeriesKey(entity: entity, signal: signals[s]), samples: samples[s])) }
            if case .country = entity.kind {
                var updates: [(time: Int64, value: Double?)] = []
                for b in 0..<bins {
                    let spike = Double.random(in: 0..<1, using: &rng) < 0.01 ? 3.0 : 1.0
                    updates.append((Self.origin + Int64(b) * TimeBin.seconds, (20 * bursts[c][b] * spike * exp(0.3 * rng.gaussian())).rounded()))
                }
                series.append(Series(key: SeriesKey(entity: entity, signal: try! SignalName("bgp_updates")), samples: updates))
            }
            // Truth: runs with ≥ 15% lost; tolerated: 3-15% lost, and two hours after each run.
            var b = 0
            while b < bins {
                guard entityImpact[b] <= 0.97 else { b += 1; continue }
                var e = b
                var deep = false
                var depth = 0.0
                while e < bins, entityImpact[e] <= 0.97 {
                    deep = deep || entityImpact[e] <= 0.85
                    depth = max(depth, 1 - entityImpact[e])
                    e += 1
                }
                let eventID = (b..<e).lazy.map { activeEvent[c][$0] }.first { $0 >= 0 } ?? -1
                let start = Self.origin + Int64(b) * TimeBin.seconds, end = Self.origin + Int64(e) * TimeBin.seconds
                if deep, let event = eventsByID[eventID] {
                    let primary = event.primary == entity
                    truth.append(TruthEpisode(entity: entity, start: start, end: end, depth: depth, kind: event.kind, cause: event.cause,
                                              primary: primary, scope: EventScope(entity: entity)))
                    tolerated.append(TruthEpisode(entity: entity, start: end, end: end + 7200, depth: 0, kind: event.kind, cause: event.cause,
                                                  primary: false, scope: EventScope(entity: entity)))
                } else {
                    tolerated.append(TruthEpisode(entity: entity, start: start, end: end, depth: depth, kind: .shallow, cause: .unknown,
                                                  primary: false, scope: EventScope(entity: entity)))
                }
                b = e
            }
        }
        return Scenario(series: series, entities: entities, truth: truth, tolerated: tolerated,
                        evaluationStart: Self.origin + 14 * 86_400, end: Self.origin + Int64(bins) * TimeBin.seconds,
                        artifacts: artifactBins.map { Self.origin + Int64($0) * TimeBin.seconds })
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

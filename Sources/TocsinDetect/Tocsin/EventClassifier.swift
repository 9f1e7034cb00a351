import TocsinCore

/// Says what kind of event each is, and why, from published patterns:
///
/// - routes withdrawn together with the data plane (Egypt 2011): shutdown when the scope is
///   national, mobile or regional; a routing failure for a single network;
/// - routes kept while probing and traffic collapse (Kazakhstan 2022, Iran 2019): data-plane
///   blocking, a shutdown when backed by a shutdown hint (national or mobile scope, an onset on
///   the hour or half hour, recurrence, mobile networks first);
/// - routes lost while the data plane carries on: routing;
/// - partial drops across several networks that recover at staggered times: power;
/// - partial drops with a burst of BGP updates (paths changing) and routes kept: cable;
/// - nightly or daily recurrence at the same time (curfews, exams): shutdown, linked as a
///   series through `evidence.recurrence_of`.
///
/// Events of networks, access groups and regions that overlap a country's event are rolled up
/// into it (`evidence.affected`).
public struct EventClassifier: Sendable {
    public var entities: [EntityID: Entity]
    /// Activity series (`bgp_updates`) by entity.
    public var activity: [EntityID: Series]

    public init(entities: [EntityID: Entity], activity: [Series]) {
        self.entities = entities
        // Built-in bgp_updates sort before imported ones (source.name): deterministic choice.
        self.activity = Dictionary(activity.sorted { $0.key < $1.key }.map { ($0.key.entity, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public func classify(_ events: [OutageEvent]) -> [OutageEvent] {
        let byEntity = Dictionary(grouping: events, by: \.entity)
        let byCountry = Dictionary(grouping: events) { $0.entity.country ?? entities[$0.entity]?.country ?? "" }
        var result: [OutageEvent] = []
        var seriesOf: [String: String] = [:]  // event id → the first event of its recurring series
        for var event in events.sorted(by: { ($0.start, $0.entity) < ($1.start, $1.entity) }) {
            var notes: [String] = []
            let bgpDrop = event.signals.filter { $0.signal.family == .bgp }.map(\.drop).max() ?? 0
            let dataDrop = event.signals.filter { [.probing, .traffic, .telescope].contains($0.signal.family) }.map(\.drop).max() ?? 0
            let hasBGP = event.signals.contains { $0.signal.family == .bgp }
            let hasData = event.signals.contains { [.probing, .traffic, .telescope].contains($0.signal.family) }
            let country = event.entity.country ?? entities[event.entity].map(\.country) ?? ""

            // Recurrence: an event of the same entity 1-7 days earlier at the same time of day (±30 min).
            let earlier = (byEntity[event.entity] ?? []).filter { $0.start < event.start - 3600 }
            let recurring = earlier.filter { e in
                let d = event.start - e.start
                let days = (d + 1800) / 86_400
                return days >= 1 && days <= 7 && abs(d - days * 86_400) <= 1800
            }
            if let firstOfSeries = recurring.min(by: { $0.start < $1.start }) {
                let chain = recurring.compactMap { seriesOf[$0.id] }.min() ?? firstOfSeries.id
                event.evidence.recurrenceOf = seriesOf[firstOfSeries.id] ?? chain
                seriesOf[event.id] = event.evidence.recurrenceOf
                notes.append("recurs at the same time of day as \(recurring.count) earlier event(s), first at \(UTCTime.format(firstOfSeries.start))")
            }
            let aligned = event.start % 1800 == 0
            if aligned { notes.append("began on the \(event.start % 3600 == 0 ? "hour" : "half hour") (\(UTCTime.format(event.start)))") }

            // Roll-up: events of the country's networks, groups and regions overlapping this one.
            var related: [OutageEvent] = []
            if case .country = event.entity.kind {
                related = (byCountry[country] ?? []).filter { other in
                    guard other.entity != event.entity, overlaps(other, event) else { return false }
                    switch other.entity.kind {
                    case .asn: return entities[other.entity]?.country == country
                    case .region(let c, _), .accessGroup(let c, _): return c == country
                    case .country: return false
                    }
                }
                if !related.isEmpty { event.evidence.affected = related.map(\.entity).sorted() }
            }
            // Mobile networks first: the mobile group of the country was hit earlier.
            var mobileFirst = false
            if case .country(let cc) = event.entity.kind, let mobile = try? EntityID("country/\(cc)/mobile"),
               let m = byEntity[mobile]?.first(where: { $0.start <= event.start - 1800 && $0.start >= event.start - 2 * 86_400 }) {
                mobileFirst = true
                notes.append("mobile networks were hit first, from \(UTCTime.format(m.start))")
            }
            let burst = updateBurst(near: event.start, entity: event.entity, country: country)
            if burst { notes.append("a burst of BGP updates around the onset: paths changed") }
            let networkEvents = related.filter { if case .asn = $0.entity.kind { true } else { false } }
            let staggered = staggeredRecovery(networkEvents)
            if staggered { notes.append("several networks fell together and recovered at staggered times") }

            let hint = aligned || !recurring.isEmpty || mobileFirst || [.national, .mobile, .fixed].contains(event.scope)
            let cause: EventCause
            if hasBGP, bgpDrop >= 0.5, dataDrop >= 0.5 {
                notes.append("routes were withdrawn together with the data plane (BGP −\(pct(bgpDrop)), data plane −\(pct(dataDrop)))")
                cause = event.scope == .network ? .routing : .shutdown
            } else if dataDrop >= 0.5, !hasBGP || bgpDrop < 0.1, dataDrop >= 0.8 || !burst {
                notes.append("routes stayed announced while the data plane fell \(pct(dataDrop)): data-plane blocking")
                cause = hint ? .shutdown : .unknown
            } else if hasBGP, bgpDrop >= 0.1, !hasData {
                notes.append("routes were lost (−\(pct(bgpDrop))) while the data plane carried on")
                cause = .routing
            } else if staggered, dataDrop < 0.8 {
                cause = .power
            } else if burst, bgpDrop < 0.1, dataDrop > 0, dataDrop < 0.8 {
                cause = .cable
            } else if !recurring.isEmpty || (aligned && dataDrop >= 0.5) {
                cause = .shutdown
            } else {
                cause = .unknown
            }
            event.cause = cause
            notes.append("cause: \(cause.rawValue); scope: \(event.scope.rawValue)")
            event.evidence.notes += notes
            result.append(event)
        }
        return result.sorted { ($0.start, $0.entity) < ($1.start, $1.entity) }
    }

    private func overlaps(_ a: OutageEvent, _ b: OutageEvent) -> Bool {
        a.start < (b.end ?? .max) && b.start < (a.end ?? .max)
    }

    /// BGP updates within [start − 30 min, start + 60 min] above 5× the previous day's median.
    private func updateBurst(near start: Int64, entity: EntityID, country: String) -> Bool {
        let series = activity[entity] ?? (try? EntityID("country/\(country)")).flatMap { activity[$0] }
        guard let s = series else { return false }
        var before: [Double] = []
        var peak = 0.0
        for (t, v) in zip(s.times, s.values) {
            guard let v else { continue }
            if t >= start - 86_400, t < start - 1800 { before.append(v) }
            if t >= start - 1800, t <= start + 3600 { peak = max(peak, v) }
        }
        guard before.count >= 12 else { return false }
        before.sort()
        let median = before[before.count / 2]
        return peak > max(5 * median, median + 10)
    }

    /// Networks that fell within 30 min of each other and recovered ≥ 45 min apart.
    private func staggeredRecovery(_ events: [OutageEvent]) -> Bool {
        let ended = events.filter { $0.end != nil }
        guard ended.count >= 2 else { return false }
        let starts = ended.map(\.start), ends = ended.compactMap(\.end)
        return starts.max()! - starts.min()! <= 1800 && ends.max()! - ends.min()! >= 2700
    }

    private func pct(_ f: Double) -> String { "\(Int((f * 100).rounded()))%" }
}

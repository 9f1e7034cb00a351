import TocsinCore

/// Decides, for each entity, which signal episodes are outages and which are signal faults,
/// and which episodes belong to one event.
///
/// When an episode is raised, the entity's other signals that held then are recorded with it
/// (`SignalEpisode.holders`, with the smallest drop each would have shown). An episode is an
/// outage when
/// 1. other signals of the entity fell with it (an episode or a dip starting within
///    `corroborationWindow`) and the signals that fell outweigh those that held: each signal
///    weighs its trust (halved at most by its faults of the last 28 days), and a holder only
///    as much as it could have seen this drop; BGP holding says nothing against a data-plane
///    signal (routes stay announced through data-plane shutdowns);
/// 2. or it began while an outage of another signal was already under way (it joins that
///    event and does not move its start);
/// 3. or no other signal had data (at once), or none that held could have seen a drop this
///    deep (once it has lasted `aloneDuration`);
/// 4. or it went deep and long enough to stand on its own (`SignalEpisode.decisiveAt`), from
///    a series with fewer than `faultsBeforeDistrust` faults in the last 28 days.
///
/// Otherwise it is a `SignalFault`. Episodes that start together form one event.
struct SignalCorroboration: Sendable {
    var parameters: TocsinParameters

    /// An episode taken as part of an outage, with the bin at which that became known.
    struct Accepted: Sendable {
        var episode: SignalEpisode
        var raisedAt: Int64
        var reason: String
    }

    struct Outcome: Sendable {
        /// Per event, its episodes.
        var groups: [(entity: EntityID, members: [Accepted])] = []
        var faults: [SignalFault] = []
    }

    /// - Parameters:
    ///   - episodes: every episode not suppressed as a collector artifact.
    ///   - dips: every dip (finished or ongoing).
    ///   - now: the last bin seen.
    func decide(episodes: [SignalEpisode], dips: [SignalSpan], now: Int64) -> Outcome {
        var outcome = Outcome()
        let episodesByEntity = Dictionary(grouping: episodes, by: \.key.entity)
        let dipsByEntity = Dictionary(grouping: dips, by: \.key.entity)
        let window = parameters.corroborationWindow
        for entity in episodesByEntity.keys.sorted() {
            let mine = episodesByEntity[entity]!.sorted { ($0.start, $0.key.signal) < ($1.start, $1.key.signal) }
            let myDips = dipsByEntity[entity] ?? []
            var groups: [[Accepted]] = []
            var groupOf: [Int: Int] = [:]  // index in `mine` → group
            var faultStarts: [SignalName: [Int64]] = [:]
            for (i, e) in mine.enumerated() {
                let near = { (start: Int64) in abs(start - e.start) <= window }
                func trust(_ signal: SignalName) -> Double {
                    max(0.5, 1 / (1 + Double((faultStarts[signal] ?? []).filter { $0 > e.start - 28 * 86_400 }.count)))
                }
                // Partners: other signals whose episode or dip began with this one (the
                // earliest seen of each signal).
                // A dip weighs half an episode.
                var partners: [SignalName: (seen: Int64, what: String, strength: Double)] = [:]
                for (j, other) in mine.enumerated() where j != i && other.key.signal != e.key.signal && near(other.start)
                    && other.detectedAt < (partners[other.key.signal]?.seen ?? .max) {
                    partners[other.key.signal] = (other.detectedAt, "\(other.key.signal) fell too", 1)
                }
                for d in myDips where d.key.signal != e.key.signal && near(d.start) && d.seenAt < (partners[d.key.signal]?.seen ?? .max) {
                    partners[d.key.signal] = (d.seenAt, "\(d.key.signal) dipped too", 0.5)
                }
                let held = e.holders.filter { partners[$0.key] == nil }
                let heldWeight = held.reduce(0.0) { sum, h in sum + trust(h.key) * weight(of: h.key, sensitivity: h.value, against: e) }
                let fellWeight = partners.reduce(trust(e.key.signal)) { $0 + trust($1.key) * $1.value.strength }
                if !partners.isEmpty, fellWeight > heldWeight {
                    let first = partners.values.min { ($0.seen, $0.what) < ($1.seen, $1.what) }!
                    join(Accepted(episode: e, raisedAt: max(e.detectedAt, first.seen), reason: first.what),
                         index: i, groups: &groups, groupOf: &groupOf)
                    continue
                }
                // Under way already: an accepted episode of another signal covers this start.
                if let j = (0..<i).last(where: { j in
                    groupOf[j] != nil && mine[j].key.signal != e.key.signal && mine[j].start <= e.start && (mine[j].end ?? .max) > e.start
                }) {
                    groups[groupOf[j]!].append(Accepted(episode: e, raisedAt: e.detectedAt,
                                                        reason: "during the drop of \(mine[j].key.signal)"))
                    groupOf[i] = groupOf[j]!
                    continue
                }
                // Alone on its entity, it is all there is. Beside signals that could not have
                // seen it, it must last half an hour to count.
                if partners.isEmpty, held.isEmpty {
                    join(Accepted(episode: e, raisedAt: e.detectedAt, reason: "no other signal had data"),
                         index: i, groups: &groups, groupOf: &groupOf)
                    continue
                }
                if partners.isEmpty, heldWeight < 0.25, (e.end ?? now) - e.start >= parameters.aloneDuration {
                    join(Accepted(episode: e, raisedAt: max(e.detectedAt, e.start + parameters.aloneDuration),
                                  reason: "no other signal could have seen it"),
                         index: i, groups: &groups, groupOf: &groupOf)
                    continue
                }
                let recentFaults = (faultStarts[e.key.signal] ?? []).filter { $0 > e.start - 28 * 86_400 }.count
                if let decisive = e.decisiveAt, recentFaults < parameters.faultsBeforeDistrust {
                    join(Accepted(episode: e, raisedAt: decisive, reason: "deep and long enough to stand alone"),
                         index: i, groups: &groups, groupOf: &groupOf)
                    continue
                }
                faultStarts[e.key.signal, default: []].append(e.start)
                outcome.faults.append(SignalFault(entity: entity, signal: e.key.signal, start: e.start, end: e.end,
                                                  drop: e.drop, held: held.keys.sorted()))
            }
            outcome.groups += groups.map { (entity, $0) }
        }
        return outcome
    }

    /// How much a signal that held counts against episode `e`: as much as it could have seen a
    /// drop this deep (fully when the drop is at least its sensitivity); nothing when it is BGP
    /// and the episode is of the data plane.
    private func weight(of holder: SignalName, sensitivity: Double, against e: SignalEpisode) -> Double {
        if holder.family == .bgp, e.key.signal.family != .bgp { return 0 }
        let seen = min(1, e.raisedDrop / max(sensitivity, 1e-6))
        return seen * seen
    }

    /// Into the event whose first episode started within the window, else a new event.
    private func join(_ a: Accepted, index: Int, groups: inout [[Accepted]], groupOf: inout [Int: Int]) {
        if let g = groups.indices.last, let first = groups[g].first, abs(a.episode.start - first.episode.start) <= parameters.corroborationWindow {
            groups[g].append(a)
            groupOf[index] = g
        } else {
            groups.append([a])
            groupOf[index] = groups.count - 1
        }
    }
}

import TocsinCore

/// Decides, for each entity, which signal episodes are outages and which are signal faults,
/// and which episodes belong to one event.
///
/// An episode is taken as an outage when
/// 1. another signal of the entity fell with it: an episode or a dip of that signal started
///    within `corroborationWindow` of it (the event is raised when the second one is seen);
/// 2. or it began while an outage of another signal was already under way (it joins that
///    event and does not move its start);
/// 3. or no other signal of the entity had data then (a single-signal entity);
/// 4. or it went deep and long enough to stand on its own (`SignalEpisode.decisiveAt`), and
///    the series has not had `faultsBeforeDistrust` faults in the last 28 days.
///
/// Otherwise it is a `SignalFault`. Episodes that start together form one event; a long
/// episode of another signal neither pulls an event's start back nor keeps it open.
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
    ///   - dips, gaps: every dip and gap (finished or ongoing).
    ///   - watching: per entity, the signals watched and since when.
    func decide(episodes: [SignalEpisode], dips: [SignalSpan], gaps: [SignalSpan],
                watching: [EntityID: [SignalName: Int64]]) -> Outcome {
        var outcome = Outcome()
        let episodesByEntity = Dictionary(grouping: episodes, by: \.key.entity)
        let dipsByEntity = Dictionary(grouping: dips, by: \.key.entity)
        let gapsByKey = Dictionary(grouping: gaps, by: \.key)
        let window = parameters.corroborationWindow
        for entity in episodesByEntity.keys.sorted() {
            let mine = episodesByEntity[entity]!.sorted { ($0.start, $0.key.signal) < ($1.start, $1.key.signal) }
            let myDips = dipsByEntity[entity] ?? []
            let signals = watching[entity] ?? [:]
            var groups: [[Accepted]] = []
            var groupOf: [Int: Int] = [:]  // index in `mine` → group
            var faultStarts: [SeriesKey: [Int64]] = [:]
            for (i, e) in mine.enumerated() {
                let near = { (start: Int64) in abs(start - e.start) <= window }
                // Partners: other signals whose episode or dip began with this one (the
                // earliest seen of each signal).
                var partners: [SignalName: (seen: Int64, what: String)] = [:]
                for (j, other) in mine.enumerated() where j != i && other.key.signal != e.key.signal && near(other.start)
                    && other.detectedAt < (partners[other.key.signal]?.seen ?? .max) {
                    partners[other.key.signal] = (other.detectedAt, "\(other.key.signal) fell too")
                }
                for d in myDips where d.key.signal != e.key.signal && near(d.start) && d.seenAt < (partners[d.key.signal]?.seen ?? .max) {
                    partners[d.key.signal] = (d.seenAt, "\(d.key.signal) dipped too")
                }
                let held = holding(e, entity: entity, signals: signals, mine: mine, gapsByKey: gapsByKey)
                    .filter { partners[$0] == nil }
                // A signal's weight falls with its faults of the last 28 days, to half at most:
                // a record of faults makes a signal doubtful, never worthless.
                func trust(_ signal: SignalName) -> Double {
                    let key = SeriesKey(entity: entity, signal: signal)
                    return max(0.5, 1 / (1 + Double((faultStarts[key] ?? []).filter { $0 > e.start - 28 * 86_400 }.count)))
                }
                // The signals that fell outweigh those that held, each weighed by its record.
                if !partners.isEmpty,
                   trust(e.key.signal) + partners.keys.map(trust).reduce(0, +) >= held.map(trust).reduce(0, +) {
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
                if held.isEmpty && partners.isEmpty {
                    join(Accepted(episode: e, raisedAt: e.detectedAt, reason: "no other signal had data"),
                         index: i, groups: &groups, groupOf: &groupOf)
                    continue
                }
                let recentFaults = (faultStarts[e.key] ?? []).filter { $0 > e.start - 28 * 86_400 }.count
                if held.isEmpty {
                    join(Accepted(episode: e, raisedAt: e.detectedAt, reason: "the other signals were down too"),
                         index: i, groups: &groups, groupOf: &groupOf)
                    continue
                }
                if let decisive = e.decisiveAt, recentFaults < parameters.faultsBeforeDistrust {
                    join(Accepted(episode: e, raisedAt: decisive, reason: "deep and long enough to stand alone"),
                         index: i, groups: &groups, groupOf: &groupOf)
                    continue
                }
                faultStarts[e.key, default: []].append(e.start)
                outcome.faults.append(SignalFault(entity: entity, signal: e.key.signal, start: e.start, end: e.end,
                                                  drop: e.drop, held: held))
            }
            outcome.groups += groups.map { (entity, $0) }
        }
        return outcome
    }

    /// The entity's other signals that had data and were not in an episode when `e` began.
    private func holding(_ e: SignalEpisode, entity: EntityID, signals: [SignalName: Int64], mine: [SignalEpisode],
                         gapsByKey: [SeriesKey: [SignalSpan]]) -> [SignalName] {
        signals.filter { signal, since in
            signal != e.key.signal && since <= e.start
                && !covers(gapsByKey[SeriesKey(entity: entity, signal: signal)] ?? [], e.start)
                && !mine.contains { $0.key.signal == signal && $0.start <= e.start && ($0.end ?? .max) > e.start }
        }.keys.sorted()
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

    private func covers(_ spans: [SignalSpan], _ t: Int64) -> Bool {
        spans.contains { $0.start <= t && ($0.end ?? .max) > t }
    }
}

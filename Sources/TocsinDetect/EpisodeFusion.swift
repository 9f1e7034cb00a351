import TocsinCore

/// Merges the episodes of one entity's signals into outage events.
///
/// Episodes that overlap in time, or touch, become one event: it starts with the earliest,
/// ends with the latest (ongoing if any is), is raised when the first was raised, and is as
/// severe as the deepest drop. Confidence is the share of the entity's watched signals that
/// dropped.
public struct EpisodeFusion: Sendable {
    public var method: String
    /// Display names for entities, used in the evidence text.
    public var names: [EntityID: String]
    /// Confidence from the episodes merged and the number of signals watched.
    public var confidence: @Sendable (_ episodes: [SignalEpisode], _ watched: Int) -> Double

    public init(method: String, names: [EntityID: String] = [:],
                confidence: @escaping @Sendable ([SignalEpisode], Int) -> Double = EpisodeFusion.shareOfSignals) {
        self.method = method
        self.names = names
        self.confidence = confidence
    }

    /// The share of the entity's watched signals that dropped (IODA-style reference).
    public static func shareOfSignals(_ episodes: [SignalEpisode], _ watched: Int) -> Double {
        min(1, Double(Set(episodes.map(\.key.signal)).count) / Double(max(1, watched)))
    }

    /// - Parameters:
    ///   - episodes: every episode of every series, any order.
    ///   - watching: per entity, the signals watched and since when each could predict.
    public func events(from episodes: [SignalEpisode], watching: [EntityID: [SignalName: Int64]]) -> [OutageEvent] {
        var events: [OutageEvent] = []
        let byEntity = Dictionary(grouping: episodes, by: \.key.entity)
        for entity in byEntity.keys.sorted() {
            let sorted = byEntity[entity]!.sorted { ($0.start, $0.key.signal) < ($1.start, $1.key.signal) }
            var groups: [[SignalEpisode]] = []
            var groupEnd: Int64? = nil  // nil: the last group is open-ended
            for episode in sorted {
                if !groups.isEmpty, groupEnd.map({ episode.start <= $0 }) ?? true {
                    groups[groups.count - 1].append(episode)
                    groupEnd = episode.end.flatMap { e in groupEnd.map { max($0, e) } }
                } else {
                    groups.append([episode])
                    groupEnd = episode.end
                }
            }
            events += groups.map { event(entity: entity, $0, watching: watching[entity] ?? [:]) }
        }
        return events.sorted { ($0.start, $0.entity) < ($1.start, $1.entity) }
    }

    /// Events from episodes already grouped (Tocsin's corroborated groups, which started
    /// together): each starts with its earliest episode and is raised when its group was
    /// accepted.
    func events(grouped groups: [(entity: EntityID, members: [SignalCorroboration.Accepted])],
                watching: [EntityID: [SignalName: Int64]]) -> [OutageEvent] {
        groups.map { entity, members in
            let raised = members.min { ($0.raisedAt, $0.episode.start) < ($1.raisedAt, $1.episode.start) }!
            var e = event(entity: entity, members.map(\.episode), watching: watching[entity] ?? [:],
                          start: Self.jointStart(members.map(\.episode.start), raised: raised.episode.start),
                          detectedAt: raised.raisedAt, raised: raised.episode)
            e.evidence.notes += members.map { "\($0.episode.key.signal) counted: \($0.reason)" }
            return e
        }.sorted { ($0.start, $0.entity) < ($1.start, $1.entity) }
    }

    /// Signals fall within minutes of each other; a start that no other signal's start
    /// follows closely is one signal's noise read as the drop's beginning.
    static let jointSlack: Int64 = 900

    /// When the signals fell together: the earliest start that another member's start follows
    /// within `jointSlack`; with no such pair, the start of the episode that raised the event.
    static func jointStart(_ starts: [Int64], raised: Int64) -> Int64 {
        guard starts.count > 1 else { return starts.first ?? raised }
        let sorted = starts.sorted()
        for i in 0..<(sorted.count - 1) where sorted[i + 1] - sorted[i] <= jointSlack { return sorted[i] }
        return raised
    }

    private func event(entity: EntityID, _ group: [SignalEpisode], watching: [SignalName: Int64],
                       start: Int64? = nil, detectedAt: Int64? = nil, raised: SignalEpisode? = nil) -> OutageEvent {
        let start = start ?? group.map(\.start).min()!
        let end: Int64? = group.contains { $0.end == nil } ? nil : group.compactMap(\.end).max()
        let deepest = group.max { $0.drop < $1.drop }!
        let watched = max(1, watching.filter { $0.value <= start }.count)
        let confidence = self.confidence(group, watched)
        var baseline: [String: Double] = [:]
        var observed: [String: Double] = [:]
        for episode in group.sorted(by: { $0.drop < $1.drop }) {  // the deepest episode of a signal wins
            baseline[episode.key.signal.rawValue] = episode.baseline
            observed[episode.key.signal.rawValue] = episode.observed
        }
        let drops = group.map { SignalDrop(signal: $0.key.signal, drop: $0.drop, start: $0.start, end: $0.end) }
        let label = names[entity].map { "\($0) (\(entity))" } ?? entity.rawValue
        let notes = group.map { e in
            "\(label): \(e.key.signal) fell to \(percent(1 - e.drop)) of its \(method) baseline (\(format(e.observed)) vs \(format(e.baseline))) from \(UTCTime.format(e.start))"
                + (e.end.map { " until \(UTCTime.format($0))" } ?? ", ongoing")
        }
        // The id comes from the episode that raised the event, so it stays put when a later
        // episode of another signal moves the start earlier.
        let raised = raised ?? group.min { ($0.detectedAt, $0.start) < ($1.detectedAt, $1.start) }!
        return OutageEvent(
            id: OutageEvent.makeID(entity: entity, start: raised.start),
            entity: entity, start: start, end: end, detectedAt: detectedAt ?? group.map(\.detectedAt).min()!,
            severity: deepest.drop, signals: drops, confidence: confidence, cause: .unknown,
            evidence: Evidence(method: method, baseline: baseline, observed: observed, notes: notes)
        )
    }

    private func percent(_ fraction: Double) -> String { "\(Int((fraction * 100).rounded()))%" }
    private func format(_ v: Double) -> String { SignalsCSV.formatValue((v * 100).rounded() / 100) }
}

/// How long points are kept: whole UTC days older than `days` are dropped from the store
/// (`StoreTransaction.prunePoints`). Events and signal faults are kept whatever their age.
///
/// The detector's baselines read four weeks back and its calibration has a half-life of two,
/// so a retention shorter than `minimumDays` would leave a restarted detector blind; it is
/// refused.
public struct PointRetention: Sendable, Hashable, Codable {
    public static let minimumDays = 35
    public let days: Int

    public init(days: Int) throws(PointRetentionError) {
        guard days >= Self.minimumDays else { throw PointRetentionError(days: days) }
        self.days = days
    }

    /// Coded as its number of days; a number below the minimum is refused with the reason.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        do { try self.init(days: try c.decode(Int.self)) } catch let error as PointRetentionError {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(days)
    }

    /// Points before this time go (the start of the day `days` before `now`'s day).
    public func cutoff(now: Int64) -> Int64 {
        PointBlock.start(of: now) - Int64(days) * 86_400
    }

    /// Series pruned per transaction: a first prune of a long history stays a series of
    /// small transactions (SQLite checkpoints its log between them).
    static let seriesPerTransaction = 500

    /// Prunes every series of `store` now; returns the day blocks dropped.
    @discardableResult
    public func prune(_ store: some SignalStore, now: Int64) async throws -> Int {
        let cutoff = cutoff(now: now)
        let keys = try await store.seriesKeys(entity: nil)
        var dropped = 0
        for first in stride(from: 0, to: keys.count, by: Self.seriesPerTransaction) {
            let chunk = Array(keys[first..<min(keys.count, first + Self.seriesPerTransaction)])
            dropped += try await store.transaction { try $0.prunePoints(before: cutoff, of: chunk) }
        }
        return dropped
    }
}

/// A retention too short for the detector to work from what is left.
public struct PointRetentionError: Error, CustomStringConvertible, Equatable {
    public let days: Int
    public init(days: Int) { self.days = days }
    public var description: String {
        "a retention of \(days) days is too short: the detector needs at least \(PointRetention.minimumDays) days of points"
    }
}

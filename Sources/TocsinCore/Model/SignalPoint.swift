/// Identifies one series: an entity and a signal.
public struct SeriesKey: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var entity: EntityID
    public var signal: SignalName

    public init(entity: EntityID, signal: SignalName) {
        self.entity = entity
        self.signal = signal
    }

    public var description: String { "\(entity) \(signal)" }

    public static func < (lhs: SeriesKey, rhs: SeriesKey) -> Bool {
        (lhs.entity.rawValue, lhs.signal.rawValue) < (rhs.entity.rawValue, rhs.signal.rawValue)
    }
}

/// One value of one signal for one entity in one 5-minute bin.
///
/// `value == nil` is "no data": a gap is never a zero.
public struct SignalPoint: Sendable, Hashable {
    public var key: SeriesKey
    /// Bin start, Unix seconds, a multiple of 300.
    public var time: Int64
    public var value: Double?

    public init(key: SeriesKey, time: Int64, value: Double?) {
        self.key = key
        self.time = time
        self.value = value
    }

    public init(entity: EntityID, signal: SignalName, time: Int64, value: Double?) {
        self.init(key: SeriesKey(entity: entity, signal: signal), time: time, value: value)
    }

    public var entity: EntityID { key.entity }
    public var signal: SignalName { key.signal }
}

import TocsinCore

/// Where signal points, entity metadata and outage events are kept.
///
/// Writes are idempotent: upserting the same points again changes nothing. Implementations:
/// `SQLiteSignalStore` (embedded, the default).
public protocol SignalStore: Sendable {
    /// Runs `body` in one transaction: every write it makes lands, or none does. The body is
    /// escaping because a store may run it on a thread of its own (PostgreSQL: blocking pool).
    func transaction<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws -> T

    /// The points of one series with `from <= time < until`, in time order.
    func series(_ key: SeriesKey, from: Int64, until: Int64) async throws -> Series
    /// Every series with points in `from..<until`.
    func allSeries(from: Int64, until: Int64) async throws -> [Series]
    /// Every known entity: those with metadata, and those that only have series.
    func entities() async throws -> [Entity]
    /// The series held, for one entity or for all.
    func seriesKeys(entity: EntityID?) async throws -> [SeriesKey]
    /// The first and last bin held for a series.
    func timeRange(_ key: SeriesKey) async throws -> ClosedRange<Int64>?
    func events(_ query: EventQuery) async throws -> [OutageEvent]
    /// Signal faults of one entity (or all) that overlap `from..<until`, latest first.
    func faults(entity: EntityID?, from: Int64, until: Int64, limit: Int) async throws -> [SignalFault]
    /// What was written after `revision` (0: since the store was made).
    func changes(after revision: Int64) async throws -> StoreChanges
    /// Ends the connections the store holds, if any; it is not used after.
    func close() async
}

/// The writes a store took after some revision, as a live detector needs them.
public struct StoreChanges: Sendable, Hashable {
    /// The newest revision: ask for changes after it next time.
    public var revision: Int64
    /// The earliest bin whose points changed; nil if none did.
    public var earliest: Int64?
    /// Entity metadata changed (names, countries, access types).
    public var entities: Bool

    public init(revision: Int64, earliest: Int64? = nil, entities: Bool = false) {
        self.revision = revision
        self.earliest = earliest
        self.entities = entities
    }
}

/// The writes available inside a store transaction.
public protocol StoreTransaction {
    @discardableResult
    func upsert(points: some Collection<SignalPoint>) throws -> UpsertSummary
    func upsert(entities: some Collection<Entity>) throws
    /// Saves events by id: a newer version of an event replaces the older one.
    func save(events: some Collection<OutageEvent>) throws
    /// Removes the events with these ids (a live detector's events that no longer are).
    func deleteEvents(ids: some Collection<String>) throws
    /// Replaces every stored event with `events` (a detector's complete output).
    func replaceEvents(with events: some Collection<OutageEvent>) throws
    /// Replaces every stored signal fault with `faults` (the same detector run's).
    func replaceFaults(with faults: some Collection<SignalFault>) throws
    /// Drops the points of these series on every day that ends at or before `before` (whole
    /// UTC day blocks: a retention), and returns how many day blocks went. Each series is one
    /// range of the (series, day) key, so the cost is that of what goes, not of the table.
    /// Events and faults stay: they are the record, and carry their own evidence.
    @discardableResult
    func prunePoints(before: Int64, of series: some Collection<SeriesKey>) throws -> Int
}

extension SignalStore {
    /// An embedded store holds nothing open that needs ending.
    public func close() async {}

    @discardableResult
    public func upsert(points: [SignalPoint]) async throws -> UpsertSummary {
        try await transaction { try $0.upsert(points: points) }
    }

    public func upsert(entities: [Entity]) async throws {
        try await transaction { try $0.upsert(entities: entities) }
    }

    public func save(events: [OutageEvent]) async throws {
        try await transaction { try $0.save(events: events) }
    }
}

/// What an upsert did.
public struct UpsertSummary: Sendable, Hashable {
    /// Points that were new or whose value changed.
    public var written: Int
    /// Points already stored with the same value.
    public var unchanged: Int

    public init(written: Int = 0, unchanged: Int = 0) {
        self.written = written
        self.unchanged = unchanged
    }

    public static func + (a: UpsertSummary, b: UpsertSummary) -> UpsertSummary {
        UpsertSummary(written: a.written + b.written, unchanged: a.unchanged + b.unchanged)
    }
}

/// Which events to return.
public struct EventQuery: Sendable, Hashable {
    public var entity: EntityID?
    /// Events that overlap `from..<until`.
    public var from: Int64?
    public var until: Int64?
    public var scope: EventScope?
    public var cause: EventCause?
    public var ongoingOnly = false
    public var limit: Int?

    public init(entity: EntityID? = nil, from: Int64? = nil, until: Int64? = nil, scope: EventScope? = nil,
                cause: EventCause? = nil, ongoingOnly: Bool = false, limit: Int? = nil) {
        self.entity = entity
        self.from = from
        self.until = until
        self.scope = scope
        self.cause = cause
        self.ongoingOnly = ongoingOnly
        self.limit = limit
    }
}

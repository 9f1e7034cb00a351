import TocsinCore

/// What active probing keeps in the store: the tracked blocks with their census results
/// and last state (so a restart resumes), and every block that went down or came back (the
/// evidence an event page shows).
public protocol ProbeLog: Sendable {
    /// Replaces the tracked blocks of one address family (after a census).
    func replaceProbeBlocks(family: Int, _ blocks: [ProbeBlockRecord]) async throws
    /// The tracked blocks of one address family (4 or 6), in address order.
    func probeBlocks(family: Int) async throws -> [ProbeBlockRecord]
    /// Records changes, and the new state of their blocks, in one transaction.
    func recordProbeChanges(_ changes: [ProbeBlockChange]) async throws
    /// Changes of blocks that count for `entity` (an AS, a country, a region or a country's
    /// access group) in `from..<until`, oldest first, at most `limit`.
    func probeChanges(entity: EntityID, from: Int64, until: Int64, limit: Int) async throws -> [ProbeBlockChange]
}

/// A tracked block as stored: `hosts` packed big-endian, one fixed-width field per host.
public struct ProbeBlockRecord: Sendable, Hashable {
    public var prefix: String
    public var family: Int
    public var hosts: [UInt8]
    public var availability: Double
    public var up: Bool
    public var changedAt: Int64?

    public init(prefix: String, family: Int, hosts: [UInt8], availability: Double, up: Bool, changedAt: Int64?) {
        self.prefix = prefix
        self.family = family
        self.hosts = hosts
        self.availability = availability
        self.up = up
        self.changedAt = changedAt
    }
}

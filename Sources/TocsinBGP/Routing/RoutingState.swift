/// The routes every peer holds now, and the update activity since the last bin.
///
/// Prefixes are interned once (index into `keys`), each peer keeps a dictionary from
/// (prefix index, ADD-PATH id) to origin AS. Not thread-safe: `BGPCollector` owns one for
/// live sources, `MRTIngest` one per run.
public struct RoutingState: Sendable {
    private var prefixIndex: [PrefixKey: Int32] = [:]
    private(set) var keys: [PrefixKey] = []
    /// Origin AS last announced for each prefix (0 when the path had none).
    private(set) var origins: [UInt32] = []
    private var peerIndex: [CollectorPeer: Int] = [:]
    public private(set) var peers: [CollectorPeer] = []
    private(set) var routes: [[UInt64: UInt32]] = []
    private(set) var ipv4Counts: [Int] = []
    private(set) var ipv6Counts: [Int] = []
    /// Announcements and withdrawals per prefix index since `takeUpdateCounts()`.
    private var updates: [Int32: Int] = [:]
    /// Routes skipped because their prefix length does not fit the family.
    public private(set) var malformedPrefixes = 0

    public init() {}

    public var routeCount: Int { ipv4Counts.reduce(0, +) + ipv6Counts.reduce(0, +) }
    public var prefixCount: Int { keys.count }

    /// The peer's index, registering it on first sight.
    public mutating func peer(_ peer: CollectorPeer) -> Int {
        if let i = peerIndex[peer] { return i }
        let i = peers.count
        peerIndex[peer] = i
        peers.append(peer)
        routes.append([:])
        ipv4Counts.append(0)
        ipv6Counts.append(0)
        return i
    }

    /// Routes a peer holds now, by family.
    public func routeCounts(ofPeer peer: Int) -> (ipv4: Int, ipv6: Int) { (ipv4Counts[peer], ipv6Counts[peer]) }

    private mutating func intern(_ key: PrefixKey) -> Int32 {
        if let i = prefixIndex[key] { return i }
        let i = Int32(keys.count)
        prefixIndex[key] = i
        keys.append(key)
        origins.append(0)
        return i
    }

    public mutating func announce(peer: Int, prefix: RoutePrefix, origin: UInt32?, countsAsUpdate: Bool = true) {
        guard prefix.isWellFormed else { malformedPrefixes += 1; return }
        let key = PrefixKey(prefix)
        let index = intern(key)
        origins[Int(index)] = origin ?? 0
        if routes[peer].updateValue(origin ?? 0, forKey: UInt64(UInt32(index)) << 32 | UInt64(prefix.pathID)) == nil {
            if key.isIPv6 { ipv6Counts[peer] += 1 } else { ipv4Counts[peer] += 1 }
        }
        if countsAsUpdate { updates[index, default: 0] += 1 }
    }

    public mutating func withdraw(peer: Int, prefix: RoutePrefix) {
        guard prefix.isWellFormed else { malformedPrefixes += 1; return }
        let key = PrefixKey(prefix)
        guard let index = prefixIndex[key] else { return }
        updates[index, default: 0] += 1
        if routes[peer].removeValue(forKey: UInt64(UInt32(index)) << 32 | UInt64(prefix.pathID)) != nil {
            if key.isIPv6 { ipv6Counts[peer] -= 1 } else { ipv4Counts[peer] -= 1 }
        }
    }

    /// A session went down or a new full table for the peer begins: it holds nothing now.
    public mutating func clear(peer: Int) {
        routes[peer].removeAll()
        ipv4Counts[peer] = 0
        ipv6Counts[peer] = 0
    }

    /// Applies an UPDATE: withdrawals first, then announcements with the path's origin.
    public mutating func apply(_ update: BGPUpdate, peer: Int) {
        for prefix in update.allWithdrawn { withdraw(peer: peer, prefix: prefix) }
        let announced = update.allAnnounced
        guard !announced.isEmpty else { return }
        let origin = update.attributes.asPath?.origin
        for prefix in announced { announce(peer: peer, prefix: prefix, origin: origin) }
    }

    /// The update counts since the last call, by prefix, and starts counting afresh.
    mutating func takeUpdateCounts() -> [Int32: Int] {
        defer { updates.removeAll(keepingCapacity: true) }
        return updates
    }
}

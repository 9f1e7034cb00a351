import TocsinCore
import TocsinGeo

/// The traffic signals per 5-minute bin and entity (country, region, AS, access group of the
/// remote user): `traffic` (bytes), `traffic_packets`, `traffic_flows` (flow records or
/// requests) and `traffic_clients` (distinct client /24s or /48s), counters scaled by the
/// sampling rate.
///
/// Which side of a flow is the remote user is decided by the operator's own prefixes: the
/// address that is not local. A flow with both ends local is internal and not counted; with
/// no local end (or no local prefixes configured) the source is taken.
///
/// A bin is handed out once it has ended and `grace` seconds have passed (exporters send a
/// flow after it ends); records that arrive later for a bin still held (the last
/// `keptBins`) update it and it is handed out again with its new totals. Records for bins
/// older than that, or more than `grace` in the future, are counted as `late` and dropped.
public struct TrafficAggregator: Sendable {
    public struct Totals: Sendable {
        public var bytes = 0.0
        public var packets = 0.0
        public var flows = 0.0
        public var hasPackets = false
        public var clients: Set<UInt64> = []

        mutating func add(bytes: Double, packets: Double?, client: UInt64) {
            self.bytes += bytes
            if let packets { self.packets += packets; hasPackets = true }
            flows += 1
            if clients.count < TrafficAggregator.clientLimit { clients.insert(client) }
        }
    }

    struct Bin: Sendable {
        var totals: [Int32: Totals] = [:]
        var dirty = false
    }

    /// Distinct clients counted per entity and bin at most (a flood of random sources must
    /// not grow memory without bound); `traffic_clients` reads this value when reached.
    public static let clientLimit = 1 << 16

    public let locator: TrafficLocator
    private let local4: IPv4PrefixTable<Bool>
    private let local6: IPv6PrefixTable<Bool>
    private let hasLocal: Bool
    public var grace: Int64
    public var keptBins: Int
    private var bins: [Int64: Bin] = [:]
    /// Every entity once counted keeps getting values (0 when its traffic stops), so a
    /// shutdown reads 0 and not "no data".
    private var seen: Set<Int32> = []
    /// Bins before this were handed out and forgotten: never opened again.
    private var horizon: Int64 = .min
    /// Entities whose traffic came with packet counts (flows, not access logs).
    private var seenPackets: Set<Int32> = []

    /// What was counted and what was not.
    public struct Counters: Sendable, Hashable {
        public var counted = 0
        public var internalFlows = 0
        public var unlocated = 0
        public var late = 0
        public var noAddress = 0

        public init() {}
    }
    public private(set) var counters = Counters()

    public init(locator: TrafficLocator, localPrefixes: [String] = [], grace: Int64 = 120, keptBins: Int = 12) throws(PrefixError) {
        self.locator = locator
        let local = try PrefixList(localPrefixes)
        local4 = IPv4PrefixTable(local.v4.map { ($0, true) })
        local6 = IPv6PrefixTable(local.v6.map { ($0, true) })
        hasLocal = !localPrefixes.isEmpty
        self.grace = grace
        self.keptBins = keptBins
    }

    func isLocal(_ a: IPAddress) -> Bool {
        switch a {
        case .v4(let v): local4.lookup(v.value) != nil
        case .v6(let v): local6.lookup(v.value) != nil
        }
    }

    /// The remote end of a flow, or nil for an internal one.
    public func remote(_ f: FlowRecord) -> IPAddress? {
        guard let src = f.source else { return f.destination.flatMap { hasLocal && isLocal($0) ? nil : $0 } }
        guard hasLocal, let dst = f.destination else { return src }
        switch (isLocal(src), isLocal(dst)) {
        case (true, true): return nil
        case (true, false): return dst
        default: return src
        }
    }

    /// Counts a flow received at `now` (Unix seconds). Its time is its end (else start),
    /// unless the exporter's clock is off by more than an hour; then the arrival.
    public mutating func add(_ f: FlowRecord, now: Int64) {
        guard f.source != nil || f.destination != nil else { counters.noAddress += 1; return }
        guard let user = remote(f) else { counters.internalFlows += 1; return }
        var time = (f.end ?? f.start).map { $0 / 1000 } ?? now
        if abs(time - now) > 3600 { time = now }
        let rate = Double(f.samplingRate)
        add(user: user, time: time, now: now, bytes: Double(f.bytes) * rate, packets: Double(f.packets) * rate)
    }

    /// Counts one exchange with `user` at `time`: a flow, or a request from an access log
    /// (no packet count).
    public mutating func add(user: IPAddress, time: Int64, now: Int64, bytes: Double, packets: Double?) {
        let bin = TimeBin.floor(time)
        // The same test `drain` forgets bins by: a record must never bring a forgotten bin
        // back, or its partial totals would overwrite the stored ones.
        guard bin >= horizon, bin + Int64(keptBins) * TimeBin.seconds > now, time <= now + grace else { counters.late += 1; return }
        let entities = locator.entities(of: user)
        guard !entities.isEmpty else { counters.unlocated += 1; return }
        counters.counted += 1
        let client = TrafficLocator.clientBlock(user)
        // In place: copying a bin out and back would copy its tables for every record.
        bins[bin, default: Bin()].dirty = true
        for e in entities {
            bins[bin, default: Bin()].totals[e, default: Totals()].add(bytes: bytes, packets: packets, client: client)
        }
    }

    /// The points of every bin that has ended `grace` seconds before `now` and changed since
    /// it was last handed out; bins past `keptBins` are forgotten.
    public mutating func drain(now: Int64) -> [SignalPoint] {
        var points: [SignalPoint] = []
        for start in bins.keys.sorted() {
            guard start + TimeBin.seconds + grace <= now else { break }
            guard var b = bins[start] else { continue }
            if b.dirty {
                for (e, t) in b.totals {
                    seen.insert(e)
                    if t.hasPackets { seenPackets.insert(e) }
                }
                for e in seen.sorted() {
                    let t = b.totals[e] ?? Totals()
                    let entity = locator.entities[Int(e)]
                    points.append(SignalPoint(entity: entity, signal: .traffic, time: start, value: t.bytes))
                    points.append(SignalPoint(entity: entity, signal: .trafficFlows, time: start, value: t.flows))
                    points.append(SignalPoint(entity: entity, signal: .trafficClients, time: start, value: Double(t.clients.count)))
                    if seenPackets.contains(e) { points.append(SignalPoint(entity: entity, signal: .trafficPackets, time: start, value: t.packets)) }
                }
                b.dirty = false
                bins[start] = b
            }
            if start + Int64(keptBins) * TimeBin.seconds <= now {
                bins[start] = nil
                horizon = max(horizon, start + TimeBin.seconds)
            }
        }
        return points
    }

}

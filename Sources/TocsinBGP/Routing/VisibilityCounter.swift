import TocsinCore
import TocsinGeo

/// What counts as a full-feed peer (IODA's rule: more than 400k IPv4 or 10k IPv6 prefixes);
/// lower the thresholds for test setups with a handful of routes.
public struct FullFeedThresholds: Sendable, Hashable {
    public var ipv4: Int
    public var ipv6: Int

    public init(ipv4: Int = 400_000, ipv6: Int = 10_000) {
        self.ipv4 = ipv4
        self.ipv6 = ipv6
    }
}

/// Turns routing state into the `bgp` (visible /24s), `bgp6` (visible /48s) and
/// `bgp_updates` values per origin AS, country and access group.
///
/// A prefix is visible when at least half the full-feed peers of its family route it.
/// Address blocks are counted once however many visible prefixes cover them, and each block
/// belongs to the origin of the most specific visible prefix covering it; a prefix longer
/// than /24 (/48) counts the block it lies in.
public struct VisibilityCounter: Sendable {
    public var thresholds: FullFeedThresholds
    public let locator: AddressBlockLocator
    /// Mobile or fixed, by origin AS.
    public let accessGroups: [UInt32: AccessGroup]
    /// Regions, where a MaxMind City database is configured.
    public let regions: RegionResolver?

    public init(locator: AddressBlockLocator, accessGroups: [UInt32: AccessGroup] = [:], regions: RegionResolver? = nil,
                thresholds: FullFeedThresholds = FullFeedThresholds()) {
        self.locator = locator
        self.accessGroups = accessGroups
        self.regions = regions
        self.thresholds = thresholds
    }

    /// Countries from the reference data's tables, access groups from its networks registry.
    public init(geo: GeoDatabase, thresholds: FullFeedThresholds = FullFeedThresholds()) {
        var groups: [UInt32: AccessGroup] = [:]
        for info in geo.registry.allNetworks {
            switch info.access {
            case .mobile: groups[info.asn] = .mobile
            case .fixed: groups[info.asn] = .fixed
            default: break
            }
        }
        self.init(locator: AddressBlockLocator(geo), accessGroups: groups, regions: RegionResolver(geo), thresholds: thresholds)
    }

    /// The values of one bin, keyed by series.
    public struct Measurement: Sendable {
        public var values: [SeriesKey: Double] = [:]
        public var fullFeedPeers = (ipv4: 0, ipv6: 0)
        public var visiblePrefixes = (ipv4: 0, ipv6: 0)
    }

    public func measure(_ state: RoutingState, updates: [Int32: Int]) -> Measurement {
        var result = Measurement()
        var countryIDs: [Int: EntityID?] = [:]
        func country(_ index: Int) -> EntityID? {
            if let known = countryIDs[index] { return known }
            let id = try? EntityID.country(locator.countries[index])
            countryIDs[index] = id
            return id
        }
        for ipv6 in [false, true] {
            let signal = try! SignalName(ipv6 ? "bgp6" : "bgp")
            let threshold = ipv6 ? thresholds.ipv6 : thresholds.ipv4
            let full = state.peers.indices.filter { (ipv6 ? state.ipv6Counts[$0] : state.ipv4Counts[$0]) > threshold }
            if ipv6 { result.fullFeedPeers.ipv6 = full.count } else { result.fullFeedPeers.ipv4 = full.count }
            guard !full.isEmpty else { continue }
            let pieces = visiblePieces(state, peers: full, ipv6: ipv6)
            if ipv6 { result.visiblePrefixes.ipv6 = pieces.prefixes } else { result.visiblePrefixes.ipv4 = pieces.prefixes }
            for piece in pieces.list {
                let blocks = Double(piece.last - piece.first + 1)
                if piece.origin != 0 { result.values[SeriesKey(entity: .asn(piece.origin), signal: signal), default: 0] += blocks }
                let group = accessGroups[piece.origin]
                locator.split(piece.first, piece.last, ipv6: ipv6) { index, first, n in
                    guard let cc = country(index), case .country(let code) = cc.kind else { return }
                    result.values[SeriesKey(entity: cc, signal: signal), default: 0] += Double(n)
                    if let group {
                        result.values[SeriesKey(entity: EntityID(kind: .accessGroup(country: code, group: group)), signal: signal), default: 0] += Double(n)
                    }
                    // A piece's region is that of its first block (regions are coarser than pieces).
                    if let region = regions?.region(ofBlock: first, ipv6: ipv6), region.hasPrefix(code + "-"),
                       let id = try? EntityID("region/\(region)") {
                        result.values[SeriesKey(entity: id, signal: signal), default: 0] += Double(n)
                    }
                }
            }
        }
        let updateSignal = try! SignalName("bgp_updates")
        for (index, count) in updates {
            let key = state.keys[Int(index)], origin = state.origins[Int(index)]
            if origin != 0 { result.values[SeriesKey(entity: .asn(origin), signal: updateSignal), default: 0] += Double(count) }
            let first = key.blocks.first
            var located: Int?
            locator.split(first, first, ipv6: key.isIPv6) { i, _, _ in located = i }
            if let located, let cc = country(located) {
                result.values[SeriesKey(entity: cc, signal: updateSignal), default: 0] += Double(count)
            }
        }
        return result
    }

    struct Piece { var first: UInt64, last: UInt64, origin: UInt32 }

    /// Disjoint runs of blocks covered by visible prefixes, each with the origin of the most
    /// specific one.
    private func visiblePieces(_ state: RoutingState, peers: [Int], ipv6: Bool) -> (list: [Piece], prefixes: Int) {
        var seen = [Int32](repeating: 0, count: state.keys.count)
        var stamp = [Int32](repeating: -1, count: state.keys.count)
        for p in peers {
            for key in state.routes[p].keys {
                let index = Int(key >> 32)
                guard state.keys[index].isIPv6 == ipv6, stamp[index] != Int32(p) else { continue }
                stamp[index] = Int32(p)
                seen[index] += 1
            }
        }
        struct Visible { var first: UInt64, last: UInt64, length: UInt8, origin: UInt32 }
        var visible: [Visible] = []
        for index in seen.indices where seen[index] > 0 && Int(seen[index]) * 2 >= peers.count {
            let key = state.keys[index]
            let (first, last) = key.blocks
            visible.append(Visible(first: first, last: last, length: key.length, origin: state.origins[index]))
        }
        visible.sort { ($0.first, $0.length) < ($1.first, $1.length) }
        var pieces: [Piece] = []
        pieces.reserveCapacity(visible.count)
        var open: [(last: UInt64, origin: UInt32)] = []
        var cursor: UInt64 = 0
        for v in visible {
            while let top = open.last, top.last < v.first {
                if cursor <= top.last { pieces.append(Piece(first: cursor, last: top.last, origin: top.origin)); cursor = top.last + 1 }
                open.removeLast()
            }
            if let top = open.last, cursor < v.first { pieces.append(Piece(first: cursor, last: v.first - 1, origin: top.origin)) }
            cursor = max(cursor, v.first)
            open.append((v.last, v.origin))
        }
        while let top = open.popLast() {
            if cursor <= top.last { pieces.append(Piece(first: cursor, last: top.last, origin: top.origin)); cursor = top.last + 1 }
        }
        return (pieces, visible.count)
    }
}

import TocsinGeo

/// Where address blocks are, in the units the `bgp` signals count: /24s for IPv4 and /48s
/// for IPv6. Built once from the reference data (the IPFire location database, else Tor's
/// GeoIP files, else RIR delegations); a block split between countries counts for the
/// country of its first address.
public struct AddressBlockLocator: Sendable {
    /// Sorted, disjoint runs of blocks with the index of their country in `countries`.
    struct Runs: Sendable {
        var firsts: [UInt64] = []
        var lasts: [UInt64] = []
        var country: [UInt16] = []
    }
    private var ipv4 = Runs(), ipv6 = Runs()
    public private(set) var countries: [String] = []
    private var countryIndex: [String: UInt16] = [:]

    public init() {}

    /// From the best country tables the database holds.
    public init(_ database: GeoDatabase) {
        self.init()
        if let libloc = database.libloc {
            let v4 = libloc.ipv4Table(), v6 = libloc.ipv6Table()
            add(v4, unitShift: IPv4.hostBits, into: \.ipv4) { $0.country }
            add(v6, unitShift: IPv6.hostBits, into: \.ipv6) { $0.country }
        } else {
            if let t = database.torIPv4 ?? database.registeredIPv4 { add(t, unitShift: IPv4.hostBits, into: \.ipv4) { $0 } }
            if let t = database.torIPv6 ?? database.registeredIPv6 { add(t, unitShift: IPv6.hostBits, into: \.ipv6) { $0 } }
        }
    }

    /// For tests: explicit prefixes and their countries.
    public init(ipv4: [(IPv4Prefix, String)], ipv6: [(IPv6Prefix, String)] = []) {
        self.init()
        add(IPv4PrefixTable(ipv4), unitShift: IPv4.hostBits, into: \.ipv4) { $0 }
        add(IPv6PrefixTable(ipv6), unitShift: IPv6.hostBits, into: \.ipv6) { $0 }
    }

    private mutating func add<F: AddressFamily, P>(_ table: PrefixTable<F, P>, unitShift: Int, into runs: WritableKeyPath<AddressBlockLocator, Runs>, country: (P) -> String) {
        var built = Runs()
        table.forEachInterval { first, last, leaf in
            guard leaf >= 0 else { return }
            let code = country(table.payloads[Int(leaf)])
            guard code.utf8.count == 2 else { return }
            let f = UInt64(truncatingIfNeeded: first >> unitShift), l = UInt64(truncatingIfNeeded: last >> unitShift)
            if let previousLast = built.lasts.last, f <= previousLast {
                // Shares a block with the run before: that block stays with the earlier run.
                guard l > previousLast else { return }
                append(&built, previousLast + 1, l, code)
            } else {
                append(&built, f, l, code)
            }
        }
        self[keyPath: runs] = built
    }

    private mutating func append(_ runs: inout Runs, _ first: UInt64, _ last: UInt64, _ code: String) {
        let index: UInt16
        if let known = countryIndex[code] { index = known } else {
            index = UInt16(countries.count)
            countries.append(code)
            countryIndex[code] = index
        }
        if let l = runs.lasts.last, l + 1 == first, runs.country.last == index {
            runs.lasts[runs.lasts.count - 1] = last
        } else {
            runs.firsts.append(first)
            runs.lasts.append(last)
            runs.country.append(index)
        }
    }

    public var isEmpty: Bool { ipv4.firsts.isEmpty && ipv6.firsts.isEmpty }

    /// Calls `body(countryIndex, firstBlock, blocks)` for each country holding part of `first...last`.
    public func split(_ first: UInt64, _ last: UInt64, ipv6: Bool, _ body: (Int, UInt64, UInt64) -> Void) {
        let runs = ipv6 ? self.ipv6 : self.ipv4
        var lo = 0, hi = runs.firsts.count
        while lo < hi {  // first run whose last block is >= first
            let mid = (lo + hi) / 2
            if runs.lasts[mid] < first { lo = mid + 1 } else { hi = mid }
        }
        var i = lo
        while i < runs.firsts.count, runs.firsts[i] <= last {
            let a = max(first, runs.firsts[i]), b = min(last, runs.lasts[i])
            body(Int(runs.country[i]), a, b - a + 1)
            i += 1
        }
    }
}

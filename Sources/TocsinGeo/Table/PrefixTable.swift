/// A longest-prefix-match table from networks to any payload (country, region, ASN...),
/// immutable once built and safe to share across threads.
///
/// The structure: the nested prefixes are flattened into sorted, disjoint address intervals,
/// each naming the most specific prefix that covers it, plus a jump index on the top 16 bits
/// of the address that narrows the binary search to the intervals of one /16 (IPv4) or /16
/// (IPv6). Why this and not DIR-24-8 or a trie: the full IPv4 table of the IPFire location
/// database (1.07 M networks) takes ~12 MB here against 64 MB for DIR-24-8's first level, so
/// it stays far kinder to caches and TLBs; a lookup touches 2-3 cache lines, and the same code
/// serves IPv4 and IPv6. BENCHMARKS.md has the lookup rates.
public struct PrefixTable<Family: AddressFamily, Payload: Sendable>: Sendable {
    /// The networks in address order (duplicates removed: the last one given wins).
    public let prefixes: [IPPrefix<Family>]
    public let payloads: [Payload]
    /// Interval `i` covers `starts[i] ..< starts[i + 1]` and belongs to `prefixes[leaves[i]]`,
    /// or to nothing when the leaf is -1.
    @usableFromInline let starts: [Family.Bits]
    @usableFromInline let leaves: [Int32]
    @usableFromInline let jump: [UInt32]

    /// A match: the most specific network holding the address, and its payload.
    public struct Match: Sendable {
        public let prefix: IPPrefix<Family>
        public let payload: Payload

        @usableFromInline init(prefix: IPPrefix<Family>, payload: Payload) {
            self.prefix = prefix
            self.payload = payload
        }
    }

    /// Builds from networks in any order; nesting is allowed (the longest match wins).
    public init(_ entries: some Sequence<(IPPrefix<Family>, Payload)>) {
        let given = Array(entries)
        precondition(given.count < Int32.max, "too many prefixes for one table")
        // Sort by prefix, keeping the order given among duplicates, and keep the last of each.
        let order = given.indices.sorted { (given[$0].0, $0) < (given[$1].0, $1) }
        var prefixes: [IPPrefix<Family>] = []
        var payloads: [Payload] = []
        prefixes.reserveCapacity(given.count)
        payloads.reserveCapacity(given.count)
        for i in order {
            if prefixes.last == given[i].0 {
                payloads[payloads.count - 1] = given[i].1
            } else {
                prefixes.append(given[i].0)
                payloads.append(given[i].1)
            }
        }
        self.prefixes = prefixes
        self.payloads = payloads
        (starts, leaves) = Self.flatten(prefixes)
        jump = Self.jumpIndex(starts)
    }

    public var count: Int { prefixes.count }
    public var intervalCount: Int { starts.count }

    /// The most specific network holding `address`, if any.
    @inlinable
    public func lookup(_ address: Family.Bits) -> Match? {
        let leaf = leafIndex(address)
        return leaf < 0 ? nil : Match(prefix: prefixes[Int(leaf)], payload: payloads[Int(leaf)])
    }

    /// The index into `prefixes`/`payloads` of the match, or -1: the hot path, inlinable so
    /// callers get code specialised to their address family.
    @inlinable
    public func leafIndex(_ address: Family.Bits) -> Int32 {
        let top = Int(truncatingIfNeeded: address >> (Family.width - 16))
        return jump.withUnsafeBufferPointer { jump in
            starts.withUnsafeBufferPointer { starts in
                var lo = max(Int(jump[top]) - 1, 0)
                var hi = Int(jump[top + 1])  // exclusive; the answer is the last start <= address
                while hi - lo > 1 {
                    let mid = (lo + hi) >> 1
                    if starts[mid] <= address { lo = mid } else { hi = mid }
                }
                return leaves.withUnsafeBufferPointer { $0[lo] }
            }
        }
    }

    /// Calls `body` for each disjoint interval `first...last` in address order with the index
    /// into `prefixes`/`payloads` of the network covering it (-1 where none does).
    public func forEachInterval(_ body: (_ first: Family.Bits, _ last: Family.Bits, _ leaf: Int32) -> Void) {
        for i in starts.indices {
            let last = i + 1 < starts.count ? starts[i + 1] - 1 : ~Family.Bits(0)
            body(starts[i], last, leaves[i])
        }
    }

    /// Sweeps the prefixes in address order with a stack of the ones still open.
    private static func flatten(_ prefixes: [IPPrefix<Family>]) -> ([Family.Bits], [Int32]) {
        var starts: [Family.Bits] = [0]
        var leaves: [Int32] = [-1]
        func emit(_ start: Family.Bits, _ leaf: Int32) {
            if starts.last == start {
                leaves[leaves.count - 1] = leaf
            } else if leaves.last != leaf {
                starts.append(start)
                leaves.append(leaf)
            }
            // Merge a set leaf equal to the one before it.
            if leaves.count >= 2, leaves[leaves.count - 2] == leaves[leaves.count - 1] {
                starts.removeLast()
                leaves.removeLast()
            }
        }
        var open: [Int] = []
        for i in prefixes.indices {  // already in address order
            let p = prefixes[i]
            while let top = open.last, prefixes[top].last < p.first {
                open.removeLast()
                emit(prefixes[top].last + 1, open.last.map(Int32.init) ?? -1)
            }
            emit(p.first, Int32(i))
            open.append(i)
        }
        while let top = open.popLast() {
            guard prefixes[top].last != ~Family.Bits(0) else { break }
            emit(prefixes[top].last + 1, open.last.map(Int32.init) ?? -1)
        }
        return (starts, leaves)
    }

    /// `jump[k]` is the first interval starting at or after block `k` of the top 16 bits.
    private static func jumpIndex(_ starts: [Family.Bits]) -> [UInt32] {
        var jump = [UInt32](repeating: UInt32(starts.count), count: 65_537)
        var i = 0
        for block in 0..<65_536 {
            let blockStart = Family.Bits(block) << (Family.width - 16)
            while i < starts.count, starts[i] < blockStart { i += 1 }
            jump[block] = UInt32(i)
        }
        return jump
    }
}

public typealias IPv4PrefixTable<Payload: Sendable> = PrefixTable<IPv4, Payload>
public typealias IPv6PrefixTable<Payload: Sendable> = PrefixTable<IPv6, Payload>

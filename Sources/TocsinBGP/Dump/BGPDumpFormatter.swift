/// Writes MRT records as `bgpdump -m` (Debian bgpdump 1.6.2) prints them, line for line,
/// quirks included. docs/mrt-bgpdump-m-format.md is the field-by-field account of what that
/// program prints; the golden tests compare with the program itself.
public struct BGPDumpFormatter {
    /// The next hop of the previous TABLE_DUMP_V2 entry: bgpdump reuses it when an entry's
    /// MP next hop has an odd length (its buffer is not rewritten).
    private var previousRIBNextHop: [UInt8] = []
    private var head: [UInt8] = []
    
    public init() {}

    /// Appends the lines for one record (none for records bgpdump prints nothing for).
    public mutating func write(_ header: MRTHeader, _ message: MRTMessage, peerTable: PeerIndexTable?, into out: inout TextBuffer) {
        switch message {
        case .tableDump(let entry): tableDump(header, entry, &out)
        case .rib(let record): if let peerTable { rib(header, record, peerTable, &out) }
        case .bgpMessage(let message):
            if case .update(let update) = message.body { updateLines(header, message, update, &out) }
        case .stateChange(let change):
            out.append(header.type == MRTHeader.RecordType.bgp4mpET ? "BGP4MP_ET|" : "BGP4MP|")
            time(header, &out)
            out.append("|STATE|")
            peerAddress(change.peer.address, ipv6: change.peer.isIPv6, &out)
            out.append(0x7C); out.decimal(change.peer.asn)
            out.append(0x7C); out.decimal(UInt64(change.oldState))
            out.append(0x7C); out.decimal(UInt64(change.newState))
            out.append(0x0A)
        case .peerIndexTable, .skipped: break
        }
    }

    // MARK: RIB lines

    private mutating func tableDump(_ header: MRTHeader, _ entry: TableDumpEntry, _ out: inout TextBuffer) {
        let ipv6 = header.subtype == 2
        out.append("TABLE_DUMP|")
        out.decimal(header.timestamp)
        out.append("|B|")
        peerAddress(entry.peer.address, ipv6: ipv6, &out)
        out.append(0x7C); out.decimal(entry.peer.asn); out.append(0x7C)
        prefix(entry.prefix, ipv6: ipv6, &out)
        out.append(0x7C)
        let a = entry.attributes
        path(a, &out); out.append(0x7C)
        origin(a, &out); out.append(0x7C)
        if let mp = a.reach.first(where: { $0.afi == 2 && $0.safi == 1 }) {
            out.ipv6(mp.nextHop)
        } else {
            out.ipv4(a.nextHop ?? 0xFFFF_FFFF)
        }
        out.append(0x7C)
        unsignedPreferences(a, &out)
        attributeTail(a, &out)
        out.append(0x0A)
    }

    private mutating func rib(_ header: MRTHeader, _ record: RIBRecord, _ table: PeerIndexTable, _ out: inout TextBuffer) {
        let ipv6Prefix = record.prefix.family == .ipv6
        for entry in record.entries {
            let peer = table.peers[Int(entry.peerIndex)]
            out.append(record.isAddPath ? "TABLE_DUMP2_AP|" : "TABLE_DUMP2|")
            out.decimal(header.timestamp)
            out.append("|B|")
            peerAddress(peer.address, ipv6: peer.isIPv6, &out)
            out.append(0x7C); out.decimal(peer.asn); out.append(0x7C)
            prefix(record.prefix, ipv6: ipv6Prefix, &out)
            out.append(0x7C)
            if record.isAddPath { out.decimal(entry.pathID); out.append(0x7C) }
            let a = entry.attributes
            path(a, &out); out.append(0x7C)
            origin(a, &out); out.append(0x7C)
            let mp = a.reach.first(where: { $0.afi == 2 && $0.safi == 1 }) ?? a.reach.first(where: { $0.afi == 1 && $0.safi == 1 })
            // Written straight into the line; kept only for the odd-length reuse quirk.
            let start = out.count
            let written: Bool
            if let mp {
                written = nextHop(mp, &out)
            } else {
                out.ipv4(a.nextHop ?? 0xFFFF_FFFF)
                written = true
            }
            if written {
                previousRIBNextHop.removeAll(keepingCapacity: true)
                out.withBytes { previousRIBNextHop.append(contentsOf: $0[start...]) }
            } else {
                out.append(previousRIBNextHop)
            }
            out.append(0x7C)
            unsignedPreferences(a, &out)
            attributeTail(a, &out)
            out.append(0x0A)
        }
    }

    // MARK: UPDATE lines

    private mutating func updateLines(_ header: MRTHeader, _ message: BGP4MPMessage, _ update: BGPUpdate, _ out: inout TextBuffer) {
        let a = update.attributes
        let reach = Self.ordered(a.reach, \.afi, \.safi)
        let unreach = Self.ordered(a.unreach, \.afi, \.safi)
        guard !update.withdrawn.isEmpty || !update.announced.isEmpty
            || reach.contains(where: { !$0.prefixes.isEmpty }) || unreach.contains(where: { !$0.prefixes.isEmpty }) else { return }
        // The line start up to the kind letter is shared by every line of the message.
        var start = TextBuffer(capacity: 64)
        label(header, message, &start)
        time(header, &start)
        head = start.bytes
        let showsLocal = message.isAddPath && message.isLocal  // subtypes 10 and 11
        let peer = showsLocal ? message.local : message.peer

        for prefix in update.withdrawn { withdrawal(prefix, peer: peer, ipv6Peer: message.isIPv6Session, ipv6Prefix: false, message, &out) }
        for list in unreach where list.afi == 1 {
            for prefix in list.prefixes { withdrawal(prefix, peer: peer, ipv6Peer: message.isIPv6Session, ipv6Prefix: false, message, &out) }
        }
        let localQuirk = message.isLocal && !message.isAddPath && !message.isIPv6Session
        for list in unreach where list.afi == 2 {
            for prefix in list.prefixes {
                withdrawal(prefix, peer: peer, ipv6Peer: message.isIPv6Session || localQuirk, ipv6Prefix: true, message, &out)
            }
        }
        guard !update.announced.isEmpty || reach.contains(where: { !$0.prefixes.isEmpty }) else { return }
        var tailText = TextBuffer(capacity: 256)
        attributeTail(a, &tailText)
        let tail = tailText.bytes
        var pathOrigin = TextBuffer(capacity: 256)
        path(a, &pathOrigin); pathOrigin.append(0x7C)
        origin(a, &pathOrigin); pathOrigin.append(0x7C)

        for prefix in update.announced {
            announcementStart(prefix, peer: peer, ipv6Peer: message.isIPv6Session, ipv6Prefix: false, message, &out)
            out.append(pathOrigin.bytes)
            out.ipv4(a.nextHop ?? 0xFFFF_FFFF)
            out.append(0x7C)
            unsignedPreferences(a, &out)
            out.append(tail)
            out.append(0x0A)
        }
        for list in reach where list.afi == 1 {
            for prefix in list.prefixes {
                announcementStart(prefix, peer: peer, ipv6Peer: message.isIPv6Session, ipv6Prefix: false, message, &out)
                out.append(pathOrigin.bytes)
                if nextHop(list, &out) {
                    out.append(0x7C)
                    out.signed(Int32(bitPattern: a.localPref ?? 0)); out.append(0x7C)
                    out.signed(Int32(bitPattern: a.med ?? 0)); out.append(0x7C)
                }
                out.append(tail)
                out.append(0x0A)
            }
        }
        for list in reach where list.afi == 2 {
            for prefix in list.prefixes {
                announcementStart(prefix, peer: peer, ipv6Peer: message.isIPv6Session, ipv6Prefix: true, message, &out)
                if list.nextHopLength == 4 || list.nextHopLength == 16 || list.nextHopLength == 32 {
                    out.append(pathOrigin.bytes)
                    _ = nextHop(list, &out)
                    out.append(0x7C)
                    unsignedPreferences(a, &out)
                }
                out.append(tail)
                out.append(0x0A)
            }
        }
    }

    /// `LABEL|time|W|peer|AS|prefix[|path id]` and a newline.
    private func withdrawal(_ prefix: RoutePrefix, peer: MRTPeer, ipv6Peer: Bool, ipv6Prefix: Bool, _ message: BGP4MPMessage, _ out: inout TextBuffer) {
        lineStart("|W|", prefix, peer: peer, ipv6Peer: ipv6Peer, ipv6Prefix: ipv6Prefix, &out)
        if message.isAddPath { out.append(0x7C); out.decimal(Self.printedPathID(prefix)) }
        out.append(0x0A)
    }

    /// `LABEL|time|A|peer|AS|prefix|[path id|]`, the attributes follow.
    private func announcementStart(_ prefix: RoutePrefix, peer: MRTPeer, ipv6Peer: Bool, ipv6Prefix: Bool, _ message: BGP4MPMessage, _ out: inout TextBuffer) {
        lineStart("|A|", prefix, peer: peer, ipv6Peer: ipv6Peer, ipv6Prefix: ipv6Prefix, &out)
        out.append(0x7C)
        if message.isAddPath { out.decimal(Self.printedPathID(prefix)); out.append(0x7C) }
    }

    private func lineStart(_ kind: StaticString, _ prefix: RoutePrefix, peer: MRTPeer, ipv6Peer: Bool, ipv6Prefix: Bool, _ out: inout TextBuffer) {
        out.append(head)
        out.append(kind)
        peerAddress(peer.address, ipv6: ipv6Peer, &out)
        out.append(0x7C); out.decimal(peer.asn); out.append(0x7C)
        self.prefix(prefix, ipv6: ipv6Prefix, &out)
    }

    /// Lists in bgpdump's order: by AFI, then SAFI 1–3 (others are never printed).
    private static func ordered<T>(_ lists: [T], _ afi: KeyPath<T, UInt16>, _ safi: KeyPath<T, UInt8>) -> [T] {
        lists.filter { (1...2).contains($0[keyPath: afi]) && (1...3).contains($0[keyPath: safi]) }
            .sorted { ($0[keyPath: afi], $0[keyPath: safi]) < ($1[keyPath: afi], $1[keyPath: safi]) }
    }

    // MARK: Fields

    private func label(_ header: MRTHeader, _ message: BGP4MPMessage, _ out: inout TextBuffer) {
        let et = header.type == MRTHeader.RecordType.bgp4mpET
        switch (message.isAddPath, message.isLocal) {
        case (true, _): out.append(et ? "BGP4MP_ET_AP|" : "BGP4MP_AP|")
        case (false, true): out.append(et ? "BGP4MP_ET_LOCAL|" : "BGP4MP_LOCAL|")
        case (false, false): out.append(et ? "BGP4MP_ET|" : "BGP4MP|")
        }
    }

    private func time(_ header: MRTHeader, _ out: inout TextBuffer) {
        out.decimal(header.timestamp)
        if header.type == MRTHeader.RecordType.bgp4mpET, let micro = header.microseconds {
            out.append(0x2E)
            out.decimal(micro, width: 6)
        }
    }

    private func peerAddress(_ address: UInt128, ipv6: Bool, _ out: inout TextBuffer) {
        if ipv6 { out.ipv6(address) } else { out.ipv4(UInt32(truncatingIfNeeded: address >> 96)) }
    }

    private func prefix(_ prefix: RoutePrefix, ipv6: Bool, _ out: inout TextBuffer) {
        peerAddress(prefix.address, ipv6: ipv6, &out)
        out.append(0x2F)
        // Past 128 bits bgpdump's buffer overflows: byte 17 of the data lands on the length.
        out.decimal(UInt64(prefix.length > 128 ? UInt8(prefix.overlongBytes >> 56) : prefix.length))
    }

    /// The path id as bgpdump prints it: bytes 21–24 of an overlong prefix overwrite it
    /// (stored little-endian in its struct).
    private static func printedPathID(_ prefix: RoutePrefix) -> UInt32 {
        guard prefix.length > 128 else { return prefix.pathID }
        let extra = (Int(prefix.length) + 7) / 8 - 16
        var id = prefix.pathID
        for j in 0..<4 where 4 + j < extra {
            let byte = UInt32(truncatingIfNeeded: prefix.overlongBytes >> (56 - 8 * (4 + j)))
            id = id & ~(0xFF << (8 * j)) | byte << (8 * j)
        }
        return id
    }

    /// Writes an MP next hop; false (and nothing written) for lengths other than 4, 16, 32.
    private func nextHop(_ reach: MultiprotocolReach, _ out: inout TextBuffer) -> Bool {
        switch reach.nextHopLength {
        case 4: out.ipv4(UInt32(truncatingIfNeeded: reach.nextHop >> 96)); return true
        case 16, 32: out.ipv6(reach.nextHop); return true
        default: return false
        }
    }

    private func origin(_ a: PathAttributes, _ out: inout TextBuffer) {
        switch a.origin {
        case 0: out.append("IGP")
        case 1: out.append("EGP")
        default: out.append("INCOMPLETE")
        }
    }

    private func unsignedPreferences(_ a: PathAttributes, _ out: inout TextBuffer) {
        out.decimal(a.localPref ?? 0); out.append(0x7C)
        out.decimal(a.med ?? 0); out.append(0x7C)
    }

    /// `communities|AG or NAG|aggregator|`
    private func attributeTail(_ a: PathAttributes, _ out: inout TextBuffer) {
        if let communities = a.communities {
            for (i, c) in communities.enumerated() {
                if i > 0 { out.append(0x20) }
                switch c {
                case 0xFFFF_FF01: out.append("no-export")
                case 0xFFFF_FF02: out.append("no-advertise")
                case 0xFFFF_FF03: out.append("local-AS")
                default:
                    out.decimal(UInt64(c >> 16)); out.append(0x3A); out.decimal(UInt64(c & 0xFFFF))
                }
            }
        }
        out.append(0x7C)
        out.append(a.atomicAggregate ? "AG|" : "NAG|")
        if let aggregator = a.aggregator, aggregator.address != 0xFFFF_FFFF {
            out.decimal(aggregator.asn); out.append(0x20); out.ipv4(aggregator.address)
        }
        out.append(0x7C)
    }

    /// The AS path text: `a b {c,d} (e f) [g,h]`, `! Error !` for a malformed path, cut with
    /// `...` past 7,900 characters.
    private func path(_ a: PathAttributes, _ out: inout TextBuffer) {
        guard let path = a.asPath else { return }
        if path.isMalformed { out.append("! Error !"); return }
        let start = out.count
        var previousPrinted = false
        for (index, segment) in path.segments.enumerated() {
            if index > 0, previousPrinted { out.append(0x20) }
            let (open, separator, close): (UInt8?, UInt8, UInt8?) = switch segment.type {
            case .sequence: (nil, 0x20, nil)
            case .set: (0x7B, 0x2C, 0x7D)
            case .confedSequence: (0x28, 0x20, 0x29)
            case .confedSet: (0x5B, 0x2C, 0x5D)
            }
            if let open { out.append(open) }
            for (i, asn) in segment.asns.enumerated() {
                if i > 0 { out.append(separator) }
                out.decimal(asn)
                if out.count - start > 7900 { out.append("..."); return }
            }
            if let close { out.append(close) }
            previousPrinted = !segment.asns.isEmpty
        }
    }
}

import TocsinCore

/// Turns MRT record bodies into `MRTMessage`s, keeping the TABLE_DUMP_V2 peer table
/// between records. A pure function of the bytes apart from that table.
///
/// A record that cannot be decoded throws a `.record` error (the caller goes on with the
/// next); fields shorter than declared are read as zeros and reported in the attributes'
/// `issues`, as bgpdump does.
public struct MRTDecoder: Sendable {
    public private(set) var peerTable: PeerIndexTable?
    public let path: String

    public init(path: String = "-") { self.path = path }

    public mutating func decode(_ header: MRTHeader, _ body: UnsafeRawBufferPointer) throws(MRTError) -> MRTMessage {
        var reader = WireReader(body)
        switch header.type {
        case MRTHeader.RecordType.tableDump: return try tableDump(header, &reader)
        case MRTHeader.RecordType.tableDumpV2: return try tableDumpV2(header, &reader)
        case MRTHeader.RecordType.bgp4mp, MRTHeader.RecordType.bgp4mpET: return try bgp4mp(header, &reader)
        default: return .skipped
        }
    }

    private func fail(_ header: MRTHeader, _ reason: String) -> MRTError {
        MRTError(.record, path: path, offset: header.offset, reason: reason)
    }

    // MARK: TABLE_DUMP

    private func tableDump(_ header: MRTHeader, _ r: inout WireReader) throws(MRTError) -> MRTMessage {
        guard (1...4).contains(header.subtype) else { throw fail(header, "TABLE_DUMP: unknown subtype \(header.subtype)") }
        let isIPv6 = header.subtype == 2 || header.subtype == 4
        let asnSize = header.subtype <= 2 ? 2 : 4
        let addressSize = isIPv6 ? 16 : 4
        let view = r.u16(), sequence = r.u16()
        let address = r.leftAligned(addressSize)
        let length = r.u8(), status = r.u8(), originated = r.u32()
        let peerAddress = r.leftAligned(addressSize)
        let peerAS = asnSize == 4 ? r.u32() : UInt32(r.u16())
        var attributeField = r.sub(Int(r.u16()))
        var attributes = PathAttributes(decoding: &attributeField, asnSize: asnSize, addPath: [])
        if attributeField.overran { attributes.issues.append(BGPIssue(.truncated, "entry is truncated")) }
        return .tableDump(TableDumpEntry(
            view: view, sequence: sequence,
            prefix: RoutePrefix(address: address, length: length, family: isIPv6 ? .ipv6 : .ipv4),
            status: status, originated: originated,
            peer: MRTPeer(address: peerAddress, isIPv6: isIPv6, asn: peerAS),
            attributes: attributes))
    }

    // MARK: TABLE_DUMP_V2

    private mutating func tableDumpV2(_ header: MRTHeader, _ r: inout WireReader) throws(MRTError) -> MRTMessage {
        switch header.subtype {
        case 1:
            let collector = r.u32()
            let name = r.sub(Int(r.u16()))
            let viewName = String(decoding: name.rest(), as: UTF8.self)
            let count = Int(r.u16())
            var peers: [MRTPeer] = []
            peers.reserveCapacity(min(count, r.remaining / 7))
            for _ in 0..<count {
                let type = r.u8()
                let routerID = r.u32()
                let address = r.leftAligned(type & 1 != 0 ? 16 : 4)
                let asn = type & 2 != 0 ? r.u32() : UInt32(r.u16())
                peers.append(MRTPeer(address: address, isIPv6: type & 1 != 0, asn: asn, routerID: routerID))
            }
            if r.overran { throw fail(header, "PEER_INDEX_TABLE is truncated") }
            peerTable = PeerIndexTable(collectorID: collector, viewName: viewName, peers: peers)
            return .skipped
        case 2, 4, 8, 10:
            let family: AddressFamilyID = header.subtype == 2 || header.subtype == 8 ? .ipv4 : .ipv6
            let addPath = header.subtype >= 8
            let sequence = r.u32()
            let length = r.u8()
            let bytes = (Int(length) + 7) / 8
            let address = r.leftAligned(min(bytes, 16))
            if bytes > 16 { r.skip(bytes - 16) }
            let count = Int(r.u16())
            guard count == 0 || peerTable != nil else { throw fail(header, "RIB record before any PEER_INDEX_TABLE") }
            let peerCount = peerTable?.peers.count ?? 0
            var entries: [RIBRecord.Entry] = []
            entries.reserveCapacity(min(count, r.remaining / 8))
            for _ in 0..<count {
                let peerIndex = r.u16()
                let originated = r.u32()
                let pathID = addPath ? r.u32() : 0
                var field = r.sub(Int(r.u16()))
                var attributes = PathAttributes(decoding: &field, asnSize: 4, addPath: addPath ? .all : [])
                if field.overran { attributes.issues.append(BGPIssue(.truncated, "RIB entry is truncated")) }
                guard Int(peerIndex) < peerCount else {
                    throw fail(header, "RIB entry names peer \(peerIndex) of \(peerCount)")
                }
                entries.append(RIBRecord.Entry(peerIndex: peerIndex, originated: originated, pathID: pathID, attributes: attributes))
                if r.isAtEnd { break }
            }
            return .rib(RIBRecord(sequence: sequence, prefix: RoutePrefix(address: address, length: length, family: family),
                                  isAddPath: addPath, entries: entries))
        default:
            return .skipped
        }
    }

    // MARK: BGP4MP

    private func bgp4mp(_ header: MRTHeader, _ r: inout WireReader) throws(MRTError) -> MRTMessage {
        let subtype = header.subtype
        switch subtype {
        case 0, 5: return try stateChange(header, &r, asnSize: subtype == 5 ? 4 : 2)
        case 1, 4, 6, 7, 8, 9, 10, 11: break
        case 2, 3: throw fail(header, "BGP4MP subtype \(subtype) (ENTRY/SNAPSHOT) is not supported")
        default: throw fail(header, "unknown BGP4MP subtype \(subtype)")
        }
        let asnSize = [4, 5, 7, 9, 11].contains(subtype) ? 4 : 2
        let peerAS = asnSize == 4 ? r.u32() : UInt32(r.u16())
        let localAS = asnSize == 4 ? r.u32() : UInt32(r.u16())
        let interface = r.u16()
        var afi = r.u16()
        var peerIP: UInt128 = 0, localIP: UInt128 = 0
        if afi == 0xFFFF && interface == 0xFFFF {
            r.skip(12)  // zebra's broken header: fixed up as IPv4 with empty addresses
            afi = 1
        } else {
            guard afi == 1 || afi == 2 else { throw fail(header, "BGP4MP: unsupported AFI \(afi)") }
            let size = afi == 2 ? 16 : 4
            peerIP = r.leftAligned(size)
            localIP = r.leftAligned(size)
        }
        let isIPv6 = afi == 2
        let body: BGPMessageBody
        switch BGPMessageFrame.decodeRecorded(&r, asnSize: asnSize, addPath: subtype >= 8 ? .all : []) {
        case .success(let decoded): body = decoded
        case .failure(let issue): throw fail(header, "BGP4MP: \(issue.detail)")
        }
        return .bgpMessage(BGP4MPMessage(
            peer: MRTPeer(address: peerIP, isIPv6: isIPv6, asn: peerAS),
            local: MRTPeer(address: localIP, isIPv6: isIPv6, asn: localAS),
            isIPv6Session: isIPv6, isLocal: [6, 7, 10, 11].contains(subtype), isAddPath: subtype >= 8,
            asnSize: asnSize, body: body))
    }

    private func stateChange(_ header: MRTHeader, _ r: inout WireReader, asnSize: Int) throws(MRTError) -> MRTMessage {
        let length = header.length
        let peerAS = asnSize == 4 ? r.u32() : UInt32(r.u16())
        _ = asnSize == 4 ? r.u32() : UInt32(r.u16())
        if length == 8 {  // zebra bug: AS numbers and states only
            return .stateChange(BGP4MPStateChange(peer: MRTPeer(address: 0, isIPv6: false, asn: peerAS), oldState: r.u16(), newState: r.u16()))
        }
        _ = r.u16()
        let afi = r.u16()
        switch afi {
        case 1 where length == 20 || length == 24, 2 where length == 44 || length == 48: break
        case 1, 2: throw fail(header, "STATE_CHANGE: bad length \(length) for AFI \(afi)")
        default: throw fail(header, "STATE_CHANGE: unsupported AFI \(afi)")
        }
        let size = afi == 2 ? 16 : 4
        let peerIP = r.leftAligned(size)
        _ = r.leftAligned(size)
        let old = r.u16(), new = r.u16()
        return .stateChange(BGP4MPStateChange(peer: MRTPeer(address: peerIP, isIPv6: afi == 2, asn: peerAS), oldState: old, newState: new))
    }
}

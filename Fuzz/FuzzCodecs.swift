// libFuzzer target for Tocsin's wire decoders: MRT records (decoded and printed as
// `bgpdump -m`), BGP messages as a live session meets them, BMP messages and OPENs.
// Built from the decoder sources alone by Benchmarks/fuzz.sh (no network code):
//   swiftc -sanitize=fuzzer,address -parse-as-library ...
// The first byte picks the decoder; the rest is the input.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCodecs(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let bytes = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    switch data[0] % 4 {
    case 0: fuzzMRT(bytes)
    case 1: fuzzBGP(bytes)
    case 2: _ = try? BMPMessage(decoding: bytes)
    default:
        var reader = WireReader(bytes)
        _ = try? BGPOpen(decoding: &reader)
    }
    return 0
}

/// A PEER_INDEX_TABLE first (so RIB records have peers), then the input as one record.
private func fuzzMRT(_ bytes: UnsafeRawBufferPointer) {
    guard bytes.count >= 12 else { return }
    var r = WireReader(bytes)
    var header = MRTHeader(timestamp: r.u32(), type: r.u16(), subtype: r.u16(), length: r.u32())
    if header.type == MRTHeader.RecordType.bgp4mpET { header.microseconds = r.u32() }
    let body = UnsafeRawBufferPointer(rebasing: bytes[r.position...])
    header.length = UInt32(body.count)
    var decoder = MRTDecoder(path: "fuzz")
    let table: [UInt8] = [0, 0, 0, 1, 0, 0, 0, 2, 0, 1, 0, 0, 0, 1, 10, 0, 0, 1, 0xFD, 0xE9,
                          3, 0, 0, 0, 2, 0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0xFD, 0xEA]
    table.withUnsafeBytes { _ = try? decoder.decode(MRTHeader(timestamp: 0, type: 13, subtype: 1, length: UInt32(table.count)), $0) }
    guard let message = try? decoder.decode(header, body) else { return }
    var formatter = BGPDumpFormatter()
    var out = TextBuffer()
    formatter.write(header, message, peerTable: decoder.peerTable, into: &out)
}

/// A framed BGP message, checked and decoded as an established session would.
private func fuzzBGP(_ bytes: UnsafeRawBufferPointer) {
    guard bytes.count >= BGPMessageFrame.headerSize,
          case .success(let header) = BGPMessageFrame.checkHeader(UnsafeRawBufferPointer(rebasing: bytes[..<BGPMessageFrame.headerSize])),
          header.length <= bytes.count else { return }
    var reader = WireReader(UnsafeRawBufferPointer(rebasing: bytes[BGPMessageFrame.headerSize..<header.length]))
    switch header.type {
    case .update:
        for (asnSize, addPath) in [(4, AddPathFamilies()), (2, AddPathFamilies.all)] {
            var copy = reader
            let update = BGPUpdate(decoding: &copy, asnSize: asnSize, addPath: addPath)
            if update.violation() == nil {
                var state = RoutingState()
                state.apply(update, peer: state.peer(CollectorPeer(source: "fuzz", address: 0, isIPv6: false, asn: 1)))
            }
        }
    case .open: _ = try? BGPOpen(decoding: &reader)
    case .notification: _ = BGPNotification(decoding: &reader)
    default: break
    }
}

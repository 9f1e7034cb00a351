// libFuzzer target for Tocsin's flow decoders: any datagram through `FlowDecoder` (NetFlow
// v5, v9, IPFIX, sFlow v5), twice from the same exporter so templates defined by the first
// pass are used by the second, and as a packet capture. Built from the decoder sources alone
// by Benchmarks/fuzz.sh.

nonisolated(unsafe) private let decoder = FlowDecoder(limits: {
    var l = TemplateFlowDecoder.Limits()
    l.sources = 64
    l.templatesPerSource = 64
    return l
}())

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFlows(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    var records: [FlowRecord] = []
    let exporter = IPAddress.v4(IPv4Address(UInt32(size & 0x3F)))
    for now in [0, 30] as [Int64] { _ = decoder.decode(bytes, exporter: exporter, now: now, into: &records) }
    _ = try? PacketCapture.datagrams(Array(bytes)) { d in
        d.payload.withUnsafeBytes { _ = decoder.decode($0, exporter: d.source, now: 0, into: &records) }
    }
    _ = RawDatagrams.split(Array(bytes))
    return 0
}

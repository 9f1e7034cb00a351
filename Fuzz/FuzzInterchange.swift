// libFuzzer target for Tocsin's text and JSON readers: Signals CSV, Entities CSV, Events
// JSON lines, times, entity ids and signal names, and the public platforms' answers (OONI
// aggregation, Cloudflare Radar time series, IODA raw signals). Built from the Core and
// TocsinPublic sources alone by Benchmarks/fuzz.sh. The first byte picks the reader.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInterchange(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let body = Data(bytes: data + 1, count: size - 1)
    let text = String(decoding: body, as: UTF8.self)
    switch data[0] % 7 {
    case 0: _ = SignalsCSV.parse(text, source: "fuzz")
    case 1: _ = EntitiesCSV.parse(text, source: "fuzz")
    case 2: _ = EventsJSONLines.parse(text, source: "fuzz")
    case 3: _ = try? OONIAggregation.read(body, file: "fuzz", entity: .asn(1))
    case 4: _ = try? RadarTimeseries.read(body, file: "fuzz", entity: .asn(1), signal: "x")
    case 5: _ = try? IODASignals.read(body, file: "fuzz")
    default:
        _ = UTCTime.parse(text)
        _ = try? EntityID(text)
        _ = try? SignalName(text)
    }
    return 0
}

import TocsinCore

/// Synthetic series with known outages, for exact expectations.
enum SeriesFixtures {
    /// 2022-01-01T00:00:00Z
    static let origin: Int64 = 1_640_995_200
    static let bin = TimeBin.seconds

    /// A series with a daily cycle around `level`; `override` replaces chosen bins' values
    /// (nil there means no row at all).
    static func series(
        _ entity: EntityID, _ signal: SignalName, days: Int, level: Double = 1000, swing: Double = 0.1,
        override: (Int) -> Double?? = { _ in .none }
    ) -> Series {
        var s = Series(key: SeriesKey(entity: entity, signal: signal))
        for i in 0..<(days * 288) {
            let normal = level * (1 + swing * sin(2 * Double.pi * Double(i % 288) / 288))
            switch override(i) {
            case .none: s.append(time: origin + Int64(i) * bin, value: normal)
            case .some(.none): continue
            case .some(.some(let v)): s.append(time: origin + Int64(i) * bin, value: v)
            }
        }
        return s
    }

    static func time(bin i: Int) -> Int64 { origin + Int64(i) * bin }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import Foundation
import TocsinCore

/// One day of one series as stored: 288 slots of 8 bytes (little-endian IEEE 754), one per
/// 5-minute bin.
///
/// Points are kept in day blocks rather than one row each because SQLite's cost is per row:
/// a 10 M-point import writes ~35 k rows instead of 10 M, and a 30-day range query reads 30
/// rows. Two NaN payloads, which no stored value can have (NaN values are stored as gaps),
/// mark a bin with no row ("absent") and a bin whose row said "no data" ("gap").
struct PointBlock: Equatable {
    static let bins = 288
    static let seconds: Int64 = 86_400
    static let byteCount = bins * 8
    static let absent: UInt64 = 0x7FF0_DEAD_0000_0001
    static let gap: UInt64 = 0x7FF0_DEAD_0000_0002

    private(set) var slots: [UInt64]

    init() { slots = Array(repeating: Self.absent, count: Self.bins) }

    /// Decodes a stored blob; a blob of the wrong size is corrupt.
    init(blob: Data) throws(CorruptBlock) {
        guard blob.count == Self.byteCount else { throw CorruptBlock(byteCount: blob.count) }
        slots = blob.withUnsafeBytes { raw in
            (0..<Self.bins).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)) }
        }
    }

    var blob: Data {
        var data = Data(count: Self.byteCount)
        data.withUnsafeMutableBytes { raw in
            for (i, slot) in slots.enumerated() { raw.storeBytes(of: slot.littleEndian, toByteOffset: i * 8, as: UInt64.self) }
        }
        return data
    }

    /// The start of the day block holding `time`.
    static func start(of time: Int64) -> Int64 {
        let r = time % seconds
        return r >= 0 ? time - r : time - r - seconds
    }

    static func slot(of time: Int64) -> Int { Int((time - start(of: time)) / TimeBin.seconds) }

    static func encode(_ value: Double?) -> UInt64 {
        guard let value, !value.isNaN else { return gap }
        return value.bitPattern
    }

    /// Sets a slot; returns whether it changed.
    mutating func set(_ slot: Int, _ encoded: UInt64) -> Bool {
        guard slots[slot] != encoded else { return false }
        slots[slot] = encoded
        return true
    }

    /// The samples of the bins that have a row, in time order, within `from..<until`.
    func forEachSample(blockStart: Int64, from: Int64, until: Int64, _ body: (Int64, Double?) -> Void) {
        for (i, slot) in slots.enumerated() where slot != Self.absent {
            let time = blockStart + Int64(i) * TimeBin.seconds
            guard time >= from, time < until else { continue }
            body(time, slot == Self.gap ? nil : Double(bitPattern: slot))
        }
    }
}

/// A stored block whose size is not 288 × 8 bytes.
struct CorruptBlock: Error, CustomStringConvertible {
    let byteCount: Int
    var description: String { "corrupt point block: \(byteCount) bytes, expected \(PointBlock.byteCount)" }
}

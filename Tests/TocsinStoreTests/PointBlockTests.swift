import Foundation
import Testing
import TocsinCore
@testable import TocsinStore
import TocsinTestSupport

@Suite("Day blocks of points")
struct PointBlockTests {
    @Test func slotsAndDayBoundaries() {
        #expect(PointBlock.start(of: 1_641_378_600) == 1_641_340_800)
        #expect(PointBlock.slot(of: 1_641_378_600) == 126)
        #expect(PointBlock.slot(of: 1_641_340_800 + 86_100) == 287)
        #expect(PointBlock.start(of: -300) == -86_400)
        #expect(PointBlock.slot(of: -300) == 287)
    }

    @Test func encodesValuesGapsAndAbsence() throws {
        var block = PointBlock()
        let changed1 = block.set(0, PointBlock.encode(1.5))
        #expect(changed1)
        let changed2 = block.set(0, PointBlock.encode(1.5))
        #expect(!changed2, "same value: unchanged")
        let changed3 = block.set(1, PointBlock.encode(nil))
        #expect(changed3)
        let changed4 = block.set(2, PointBlock.encode(.nan))
        #expect(changed4, "NaN is stored as a gap")
        let changed5 = block.set(3, PointBlock.encode(-0.0))
        #expect(changed5)
        let changed6 = block.set(4, PointBlock.encode(.infinity))
        #expect(changed6)
        let decoded = try PointBlock(blob: block.blob)
        #expect(decoded == block)
        var samples: [(Int64, Double?)] = []
        decoded.forEachSample(blockStart: 0, from: .min, until: .max) { samples.append(($0, $1)) }
        #expect(samples.map(\.0) == [0, 300, 600, 900, 1200])
        #expect(samples[0].1 == 1.5)
        #expect(samples[1].1 == nil && samples[2].1 == nil)
        #expect(samples[3].1?.sign == .minus)
        #expect(samples[4].1 == .infinity)
    }

    @Test func corruptBlobsAreRefused() {
        #expect(throws: CorruptBlock.self) { try PointBlock(blob: Data(count: 100)) }
    }

    @Test func storeKeepsPointsAcrossDaysAndBeforeTheEpoch() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = try SQLiteSignalStore(path: folder.file("db.sqlite"))
        let key = SeriesKey(entity: .asn(1), signal: .bgp)
        // Every 7th bin over 3 days around the epoch, written in a scrambled order.
        let times = stride(from: Int64(-86_400), to: 2 * 86_400, by: 2100).shuffled()
        try await store.upsert(points: times.map { SignalPoint(key: key, time: $0, value: Double($0)) })
        let all = try await store.series(key, from: .min, until: .max)
        #expect(all.times == times.sorted())
        #expect(all.values == times.sorted().map { Double($0) })
        #expect(try await store.timeRange(key) == times.min()!...times.max()!)
        let window = try await store.series(key, from: -2100, until: 4200)
        #expect(window.times == times.sorted().filter { $0 >= -2100 && $0 < 4200 })
        #expect(window.times == [-300, 1800, 3900])
        #expect(try await store.series(key, from: 10, until: 10).isEmpty)
    }
}

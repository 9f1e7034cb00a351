import Foundation
import Testing
import TocsinTestSupport
import TocsinCore
import TocsinStore

/// The stores every test of the suite runs against.
enum StoreBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgresql
    var testDescription: String { rawValue }
}

/// Runs `body` on a new, empty store of `backend`, and closes it.
func withStore(_ backend: StoreBackend, _ body: (any ObservatoryStore) async throws -> Void) async throws {
    switch backend {
    case .sqlite:
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try await body(try SQLiteSignalStore(path: folder.file("db.sqlite")))
    case .postgresql:
        let store = try await PostgresSignalStore.connect(try PostgresURL(try PostgresCluster.shared().newDatabase()))
        do {
            try await body(store)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }
}

@Suite("Signal stores")
struct SignalStoreTests {
    let kz = try! EntityID("country/KZ")

    func points(_ entity: EntityID, _ signal: SignalName, from: Int64, count: Int, value: (Int) -> Double?) -> [SignalPoint] {
        (0..<count).map { SignalPoint(entity: entity, signal: signal, time: from + Int64($0) * 300, value: value($0)) }
    }

    @Test(arguments: StoreBackend.allCases)
    func upsertIsIdempotent(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let batch = points(kz, .probing, from: 1_641_378_600, count: 100) { $0 % 10 == 0 ? nil : Double($0) }
            #expect(try await store.upsert(points: batch) == UpsertSummary(written: 100, unchanged: 0))
            #expect(try await store.upsert(points: batch) == UpsertSummary(written: 0, unchanged: 100))
            var changed = batch
            changed[3].value = 999
            changed[10].value = 1  // a gap filled in
            #expect(try await store.upsert(points: changed) == UpsertSummary(written: 2, unchanged: 98))
            let series = try await store.series(SeriesKey(entity: kz, signal: .probing), from: .min, until: .max)
            #expect(series.count == 100)
            #expect(series.values[3] == 999)
            #expect(series.values[10] == 1)
            #expect(series.values[20] == nil, "a stored gap stays a gap")
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func rangeQueriesAreHalfOpenAndOrdered(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await store.upsert(points: points(kz, .bgp, from: 0, count: 50) { Double($0) }.reversed())
            try await store.upsert(points: points(.asn(1), .bgp, from: 0, count: 50) { _ in 7 })
            let key = SeriesKey(entity: kz, signal: .bgp)
            let s = try await store.series(key, from: 300, until: 1500)
            #expect(s.times == [300, 600, 900, 1200])
            #expect(s.values == [1, 2, 3, 4])
            #expect(try await store.timeRange(key) == 0...(49 * 300))
            #expect(try await store.seriesKeys(entity: nil).count == 2)
            #expect(try await store.seriesKeys(entity: .asn(1)) == [SeriesKey(entity: .asn(1), signal: .bgp)])
            #expect(try await store.allSeries(from: 0, until: 600).map(\.count) == [2, 2])
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func retentionDropsWholeOldDaysOfPointsAndKeepsEvents(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let day: Int64 = 86_400, origin: Int64 = 1_640_995_200  // 2022-01-01
            // 40 days of two series, every hour.
            for key in [SeriesKey(entity: kz, signal: .bgp), SeriesKey(entity: .asn(1), signal: .probing)] {
                try await store.upsert(points: points(key.entity, key.signal, from: origin, count: 40 * 24 * 12) { $0 % 12 == 0 ? 1 : nil })
            }
            let event = OutageEvent(entity: kz, start: origin + 3600, end: origin + 7200, detectedAt: origin + 3900, severity: 0.9,
                                    signals: [], confidence: 0.8, evidence: Evidence(method: "tocsin"))
            try await store.save(events: [event])
            let retention = try PointRetention(days: 35)
            let now = origin + 39 * day + 5 * 3600  // day 39, 05:00
            #expect(retention.cutoff(now: now) == origin + 4 * day)
            #expect(try await retention.prune(store, now: now) == 2 * 4, "days 0–3 of both series")
            #expect(try await retention.prune(store, now: now) == 0, "pruning again drops nothing")
            let kept = try await store.series(SeriesKey(entity: kz, signal: .bgp), from: .min, until: .max)
            #expect(kept.times.first == origin + 4 * day)
            #expect(kept.count == 36 * 24 * 12)
            #expect(try await store.events(EventQuery()).map(\.id) == [event.id], "events are the record: kept")
            // Points written in the same transaction before the prune go with their day.
            try await store.transaction { t in
                try t.upsert(points: [SignalPoint(entity: self.kz, signal: .traffic, time: origin + 3 * day, value: 5),
                                      SignalPoint(entity: self.kz, signal: .traffic, time: origin + 30 * day, value: 6)])
                try t.prunePoints(before: origin + 4 * day, of: [SeriesKey(entity: self.kz, signal: .traffic)])
            }
            #expect(try await store.series(SeriesKey(entity: kz, signal: .traffic), from: .min, until: .max).values == [6])
            #expect(throws: PointRetentionError(days: 34)) { try PointRetention(days: 34) }
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func entitiesMergeMetadataAndSeries(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await store.upsert(points: points(.asn(29355), .bgp, from: 0, count: 1) { _ in 1 })
            try await store.upsert(points: points(kz, .bgp, from: 0, count: 1) { _ in 1 })
            try await store.upsert(entities: [Entity(id: .asn(29355), name: "Kcell", country: "KZ", access: .mobile)])
            try await store.upsert(entities: [Entity(id: .asn(29355), name: "Kcell JSC", country: "KZ", access: .mobile)])
            let entities = try await store.entities()
            #expect(entities.map(\.id) == [.asn(29355), kz])
            #expect(entities[0].name == "Kcell JSC")
            #expect(entities[1].name == "country/KZ")
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func aFailedTransactionWritesNothing(_ backend: StoreBackend) async throws {
        struct Boom: Error {}
        try await withStore(backend) { (store: any ObservatoryStore) async throws in
            let batch = points(kz, .traffic, from: 0, count: 10) { Double($0) }
            await #expect(throws: Boom.self) {
                try await store.transaction { (tx: any StoreTransaction) throws -> Void in
                    try tx.upsert(points: batch)
                    throw Boom()
                }
            }
            #expect(try await store.seriesKeys(entity: nil).isEmpty)
            // The series id created inside the rolled-back transaction must not be reused.
            #expect(try await store.upsert(points: batch).written == 10)
            #expect(try await store.series(SeriesKey(entity: kz, signal: .traffic), from: .min, until: .max).count == 10)
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func eventsAreSavedQueriedAndReplaced(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            func event(_ entity: EntityID, _ start: Int64, _ end: Int64?) -> OutageEvent {
                OutageEvent(entity: entity, start: start, end: end, detectedAt: start, severity: 0.5,
                            signals: [SignalDrop(signal: .bgp, drop: 0.5, start: start, end: end)], confidence: 1,
                            evidence: Evidence(method: "t"))
            }
            let a = event(kz, 1000, 2000)
            let b = event(.asn(9198), 3000, nil)
            let c = event(try EntityID("country/KZ/mobile"), 500, 900)
            try await store.save(events: [a, b, c])
            try await store.save(events: [a])  // saving again by id changes nothing
            #expect(try await store.events(EventQuery()).map(\.id) == [b.id, a.id, c.id])
            #expect(try await store.events(EventQuery(entity: kz)) == [a])
            #expect(try await store.events(EventQuery(ongoingOnly: true)) == [b])
            #expect(try await store.events(EventQuery(from: 1500, until: 2500)) == [a])
            #expect(try await store.events(EventQuery(from: 2000)).map(\.id) == [b.id])
            #expect(try await store.events(EventQuery(scope: .mobile)) == [c])
            #expect(try await store.events(EventQuery(limit: 1)) == [b])
            try await store.transaction { try $0.replaceEvents(with: [c]) }
            #expect(try await store.events(EventQuery()) == [c])
        }
    }

    @Test("probing state: blocks per family replaced by a census, changes update them and are found per entity",
          arguments: StoreBackend.allCases)
    func probingState(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let v4 = ProbeBlockRecord(prefix: "95.56.12.0/24", family: 4, hosts: [1, 2, 3], availability: 0.5, up: true, changedAt: nil)
            let v6 = ProbeBlockRecord(prefix: "2a01:4f8:1::/48", family: 6, hosts: Array(repeating: 7, count: 20), availability: 1, up: true, changedAt: nil)
            try await store.replaceProbeBlocks(family: 4, [v4, ProbeBlockRecord(prefix: "95.56.13.0/24", family: 4, hosts: [9], availability: 1, up: true, changedAt: nil)])
            try await store.replaceProbeBlocks(family: 6, [v6])
            try await store.replaceProbeBlocks(family: 4, [v4])  // a new census of IPv4 leaves IPv6 alone
            #expect(try await store.probeBlocks(family: 4) == [v4])
            #expect(try await store.probeBlocks(family: 6) == [v6])
            try await store.recordProbeChanges([ProbeBlockChange(prefix: "95.56.12.0/24", up: false, time: 600, asn: 9198, country: "KZ", region: "KZ-ALA", access: "fixed"),
                                                ProbeBlockChange(prefix: "2a01:4f8:1::/48", up: false, time: 900, asn: 24940, country: "DE")])
            var down = v4
            down.up = false
            down.changedAt = 600
            #expect(try await store.probeBlocks(family: 4) == [down], "a restart resumes from the last state")
            #expect(try await store.probeChanges(entity: .asn(9198), from: 0, until: 1000, limit: 10).map(\.prefix) == ["95.56.12.0/24"])
            #expect(try await store.probeChanges(entity: kz, from: 0, until: 600, limit: 10).isEmpty, "until is exclusive")
            #expect(try await store.probeChanges(entity: try EntityID("country/KZ/fixed"), from: 0, until: 1000, limit: 10).count == 1)
            #expect(try await store.probeChanges(entity: try EntityID("country/KZ/mobile"), from: 0, until: 1000, limit: 10).isEmpty)
            #expect(try await store.probeChanges(entity: try EntityID("region/KZ-ALA"), from: 0, until: 1000, limit: 10).first?.region == "KZ-ALA")
            #expect(try await store.probeChanges(entity: try EntityID("country/DE"), from: 0, until: 1000, limit: 10).first?.sentence == "block 2a01:4f8:1::/48 of AS24940 down at 1970-01-01T00:15:00Z")
        }
    }

    @Test(arguments: StoreBackend.allCases)
    func signalFaultsAreReplacedAndQueriedByEntityAndRange(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let old = SignalFault(entity: kz, signal: .traffic, start: 1000, end: 2000, drop: 0.5, held: [.bgp, .probing])
            try await store.transaction { try $0.replaceFaults(with: [old]) }
            let a = SignalFault(entity: kz, signal: .probing, start: 5000, end: nil, drop: 0.3, held: [.traffic])
            let b = SignalFault(entity: .asn(9198), signal: try SignalName("telescope"), start: 4000, end: 4600, drop: 0.9, held: [])
            try await store.transaction { try $0.replaceFaults(with: [a, b]) }
            #expect(try await store.faults(entity: nil, from: .min, until: .max, limit: 10) == [a, b], "replaced, latest first")
            #expect(try await store.faults(entity: kz, from: .min, until: .max, limit: 10) == [a])
            #expect(try await store.faults(entity: nil, from: 4700, until: 6000, limit: 10) == [a], "overlapping the range")
            #expect(try await store.faults(entity: nil, from: 0, until: 4500, limit: 10) == [b])
            #expect(try await store.faults(entity: nil, from: .min, until: .max, limit: 1) == [a])
        }
    }

    @Test("the change journal names the earliest changed bin and metadata changes, in revision order",
          arguments: StoreBackend.allCases)
    func changeJournal(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            #expect(try await store.changes(after: 0) == StoreChanges(revision: 0))
            try await store.upsert(points: points(kz, .bgp, from: 3000, count: 4) { Double($0) })
            let first = try await store.changes(after: 0)
            #expect(first.earliest == 3000)
            #expect(first.entities == false)
            try await store.upsert(points: points(kz, .bgp, from: 3000, count: 4) { Double($0) })
            #expect(try await store.changes(after: first.revision) == StoreChanges(revision: first.revision), "an unchanged upsert is no change")
            try await store.upsert(points: points(kz, .bgp, from: 600, count: 1) { _ in 5 })
            try await store.upsert(entities: [Entity(id: kz, name: "Kazakhstan", country: "KZ")])
            let later = try await store.changes(after: first.revision)
            #expect(later.revision > first.revision)
            #expect(later.earliest == 600)
            #expect(later.entities)
            #expect(try await store.changes(after: later.revision) == StoreChanges(revision: later.revision))
        }
    }

    @Test("webhook deliveries: one per hook, event and version; due ones in order until delivered",
          arguments: StoreBackend.allCases)
    func webhookQueue(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let a = WebhookDelivery(hook: "h1", event: "e1", version: "v1", body: "{}", nextAttempt: 100)
            let b = WebhookDelivery(hook: "h1", event: "e2", version: "v1", body: "{\"b\":1}", nextAttempt: 200)
            try await store.enqueue([a, b, a])
            #expect(try await store.dueDeliveries(now: 150, limit: 10).map(\.event) == ["e1"])
            let due = try await store.dueDeliveries(now: 300, limit: 10)
            #expect(due.map(\.event) == ["e1", "e2"])
            try await store.markFailed(id: due[0].id!, nextAttempt: 1000)
            try await store.markDelivered(id: due[1].id!, at: 300)
            #expect(try await store.dueDeliveries(now: 500, limit: 10).isEmpty)
            let retried = try await store.dueDeliveries(now: 1000, limit: 10)
            #expect(retried.map(\.attempts) == [1])
            try await store.enqueue([a])
            #expect(try await store.dueDeliveries(now: 1000, limit: 10).count == 1, "an enqueued delivery is not queued twice")
        }
    }

    @Test func sqliteDataSurvivesReopeningAndUsesWAL() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        do {
            let store = try SQLiteSignalStore(path: folder.file("db.sqlite"))
            try await store.upsert(points: points(kz, .bgp, from: 0, count: 3) { Double($0) })
        }
        let reopened = try SQLiteSignalStore(path: folder.file("db.sqlite"))
        #expect(try await reopened.series(SeriesKey(entity: kz, signal: .bgp), from: .min, until: .max).values == [0, 1, 2])
        #expect(try await reopened.upsert(points: points(kz, .bgp, from: 0, count: 3) { Double($0) }).written == 0)
        #expect(FileManager.default.fileExists(atPath: folder.file("db.sqlite-wal")))
    }
}

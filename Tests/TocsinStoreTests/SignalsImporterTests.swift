import Testing
import TocsinTestSupport
import TocsinCore
import TocsinStore

@Suite("Signals CSV import")
struct SignalsImporterTests {
    @Test func importIsAllOrNothingPerFile() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = try SQLiteSignalStore(path: folder.file("db.sqlite"))
        let rows = (0..<20_000).map { "\(1_641_378_600 + $0 * 300),asn/9198,bgp,\($0)" }
        let bad = try folder.write("bad.csv", "time,entity,signal,value\n" + rows.joined(separator: "\n") + "\n1641378600,asn/9198,pings,1\n")
        await #expect {
            try await SignalsImporter().importFile(bad, into: store)
        } throws: { error in
            let refused = error as! SignalsImporter.Refused
            return refused.error.line == 20_002 && refused.error.source == bad && refused.description.contains("unknown signal 'pings'")
        }
        #expect(try await store.seriesKeys(entity: nil).isEmpty, "nothing half-written, though 20,000 good rows came first")

        let report = try await SignalsImporter(skipBad: true).importFile(bad, into: store)
        #expect(report.rows == 20_000)
        #expect(report.badLines == 1)
        #expect(report.summary.written == 20_000)
        #expect(report.errors.first?.line == 20_002)
        let again = try await SignalsImporter(skipBad: true).importFile(bad, into: store)
        #expect(again.summary == UpsertSummary(written: 0, unchanged: 20_000), "re-importing the same points changes nothing")
    }

    @Test func reportsRoundingAndMissingFiles() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = try SQLiteSignalStore(path: folder.file("db.sqlite"))
        let file = try folder.write("r.csv", "time,entity,signal,value\n1641378600,asn/1,bgp,1\n1641378601,asn/1,bgp,2\n")
        let report = try await SignalsImporter().importFile(file, into: store)
        #expect(report.rounded == 1)
        #expect(report.firstRoundedLine == 3)
        let stored = try await store.series(SeriesKey(entity: .asn(1), signal: .bgp), from: .min, until: .max)
        #expect(stored.values == [2], "both rows fall in one bin; the later wins")
        await #expect {
            try await SignalsImporter().importFile(folder.file("missing.csv"), into: store)
        } throws: { error in
            (error as? FileReadError)?.description.contains("No such file") == true
        }
        let headerless = try folder.write("h.csv", "1641378600,asn/1,bgp,1\n")
        await #expect(throws: SignalsImporter.Refused.self) { try await SignalsImporter(skipBad: true).importFile(headerless, into: store) }
        let empty = try folder.write("e.csv", "")
        await #expect(throws: SignalsImporter.Refused.self) { try await SignalsImporter().importFile(empty, into: store) }
    }
}

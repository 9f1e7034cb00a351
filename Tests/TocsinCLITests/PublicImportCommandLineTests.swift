import Foundation
import Testing
import TocsinTestSupport

/// `tocsin import ooni|radar|ioda` as a user runs them on saved answers.
@Suite("Public answers on the command line", .serialized)
struct PublicImportCommandLineTests {
    @Test func importOONIAndRadarThenExport() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let ooni = try TestData.path("public-apis/ooni/2d-data.json")
        let first = try TocsinProcess.run(["import", "ooni", ooni], in: dir.path)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("11895 points") && first.stderr.contains("step 86400 s, kept at its step"), "\(first.stderr)")
        let export = try TocsinProcess.run(["export", "signals", "--entity", "country/AR", "--signal", "ooni.anomalies", "--until", "2021-03-18T00:00:00Z"], in: dir.path)
        #expect(export.stdout == "time,entity,signal,value\n1615939200,country/AR,ooni.anomalies,35\n", "\(export.stdout)")
        #expect(try TocsinProcess.run(["import", "ooni", ooni], in: dir.path).stderr.contains("0 written, 11895 unchanged"))

        let radar = try TestData.path("public-apis/cloudflare-radar/bgp_updates.json")
        #expect(try TocsinProcess.run(["import", "radar", radar], in: dir.path).status != 0, "radar needs --entity and --signal")
        let imported = try TocsinProcess.run(["import", "radar", radar, "--entity", "country/KZ", "--signal", "bgp-updates"], in: dir.path)
        #expect(imported.status == 0 && imported.stderr.contains("31 points in 1 series"), "\(imported.stderr)")

        let ioda = try TestData.path("public-apis/ioda/1299_upstream_delay_penult_asns.json")
        let refused = try TocsinProcess.run(["import", "ioda", ioda], in: dir.path)
        #expect(refused.status != 0 && refused.stderr.contains("data[0][0].values[0]"), "\(refused.stderr)")
    }
}

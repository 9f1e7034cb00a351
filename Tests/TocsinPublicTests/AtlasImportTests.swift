import Foundation
import Testing
import TocsinCore
import TocsinTestSupport
@testable import TocsinPublic

/// RIPE Atlas connection events (real measurement 7000 results, Tests/Data/public-apis/ripe-atlas),
/// counted per AS and bin and checked against a count made independently from the same JSON.
@Suite("RIPE Atlas connection events")
struct AtlasImportTests {
    func unzipped(_ name: String) throws -> Data {
        let path = try TestData.path("public-apis/ripe-atlas/" + name)
        let r = try ExternalTool.run("/bin/sh", ["-c", "gzip -dc '\(path)'"], timeout: 30)
        try #require(r.status == 0, "\(r.stderr)")
        return Data(r.stdout.utf8)
    }

    @Test func eventsOfADayCountedPerNetworkAndBin() throws {
        let data = try unzipped("generalJune16_7000_20160616.json.gz")
        let read = try AtlasConnectionEvents.read(data, file: "generalJune16.json")
        let raw = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(raw.count == 10_609)
        // The independent count: events with an AS, by AS, kind and bin.
        var expected: [String: Double] = [:]
        var withoutAS = 0
        for e in raw {
            let asn = (e["asn"] as? Int).map(String.init) ?? (e["asn"] as? String).flatMap { $0.isEmpty ? nil : $0 }
            guard let asn else { withoutAS += 1; continue }
            let t = (e["timestamp"] as! Int) / 300 * 300
            expected["asn/\(asn) atlas.\(e["event"] as! String)s \(t)", default: 0] += 1
        }
        #expect(withoutAS == 59 && read.gaps == 59)
        var got: [String: Double] = [:]
        for p in read.points where (p.value ?? 0) > 0 { got["\(p.entity.rawValue) \(p.signal.rawValue) \(p.time)"] = p.value }
        #expect(got == expected)
        #expect(read.points.allSatisfy { $0.signal.family == .activity }, "evidence, not detected on")
        let bins = Set(read.points.map(\.time))
        #expect(bins.count == 288, "every bin of the day, zeros included")
    }

    @Test func olderLayoutWithEmptyFieldsAndProbeCountries() throws {
        let read = try AtlasConnectionEvents.read(try unzipped("2011-01-15_msmId7000.json.gz"), file: "2011.json")
        #expect(read.points.contains { $0.entity.rawValue.hasPrefix("asn/") && ($0.value ?? 0) > 0 })
        let probe = try #require(FileManager.default.contents(atPath: try TestData.path("public-apis/ripe-atlas/probe-0.json")))
        let countries = try ProbeCountries.read(probe, file: "probe-0.json")
        #expect(countries == [0: "FR"])
        let events = Data(#"[{"prb_id": 0, "event": "disconnect", "timestamp": 1466035200, "asn": null, "prefix": "11.22.33.0/24"}]"#.utf8)
        let mapped = try AtlasConnectionEvents.read(events, file: "e.json", probes: countries)
        #expect(mapped.points.map(\.entity.rawValue) == ["country/FR"] && mapped.points.first?.value == 1)
        let bad = Data(#"[{"prb_id": 1, "event": "reboot", "timestamp": 1466035200}]"#.utf8)
        do {
            _ = try AtlasConnectionEvents.read(bad, file: "bad.json")
            Issue.record("an unknown event must be refused")
        } catch let error as PublicAnswerError {
            #expect(error.position == "[0].event")
        }
    }
}

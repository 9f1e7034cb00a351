import Foundation
import Testing
import TocsinCore
import TocsinTestSupport
@testable import TocsinPublic

/// The importers fed real saved answers of each platform's API (Tests/Data/public-apis, with
/// their origin in its README), checked value by value, and refused when malformed or cut.
@Suite("Public platform answers")
struct PublicImportTests {
    func data(_ path: String) throws -> Data {
        try #require(FileManager.default.contents(atPath: TestData.path("public-apis/" + path)), "\(path) ships with the repository")
    }

    func value(_ points: [SignalPoint], _ entity: String, _ signal: String, _ time: Int64) -> Double? {
        points.first { $0.entity.rawValue == entity && $0.signal.rawValue == signal && $0.time == time }?.value
    }

    @Test func ooniTwoAxisAggregationByCountryAndDay() throws {
        let read = try OONIAggregation.read(try data("ooni/2d-data.json"), file: "2d-data.json")
        #expect(read.points.count == 2_379 * 5)
        #expect(read.step == 86_400)
        let day = UTCTime.parse("2021-03-17T00:00:00Z")!
        // The file's second row: AR on 2021-03-17.
        #expect(value(read.points, "country/AR", "ooni.measurements", day) == 2_482)
        #expect(value(read.points, "country/AR", "ooni.anomalies", day) == 35)
        #expect(value(read.points, "country/AR", "ooni.failures", day) == 5)
        #expect(value(read.points, "country/AR", "ooni.ok", day) == 2_447)
        #expect(value(read.points, "country/AE", "ooni.anomalies", day) == 17)
        #expect(Set(read.points.map(\.entity)).count > 100)
    }

    @Test func ooniWrappedOneAxisAnswerNeedsItsEntity() throws {
        let file = "ooni/aggregation__test_name-web_connectivity_since-2022-03-01_until-2022-03-04_axis_x-measurement_start_day_time_grain-day.json"
        #expect(throws: PublicAnswerError.self) { try OONIAggregation.read(try data(file), file: "agg.json") }
        do { _ = try OONIAggregation.read(try data(file), file: "agg.json") } catch let error as PublicAnswerError {
            #expect(error.position == "result[0]" && error.reason.contains("axis_y=probe_cc"))
        }
        let world = try OONIAggregation.read(try data(file), file: "agg.json", entity: .asn(64_500))
        #expect(value(world.points, "asn/64500", "ooni.measurements", UTCTime.parse("2022-03-02T00:00:00Z")!) == 1_212_215)
        #expect(value(world.points, "asn/64500", "ooni.confirmed", UTCTime.parse("2022-03-03T00:00:00Z")!) == 7_051)
    }

    @Test func radarTimeseriesStringsAndDailyStep() throws {
        let read = try RadarTimeseries.read(try data("cloudflare-radar/bgp_updates.json"), file: "bgp_updates.json",
                                            entity: try EntityID("country/KZ"), signal: "bgp-updates")
        #expect(read.points.count == 31)
        #expect(read.step == 86_400)
        #expect(value(read.points, "country/KZ", "radar.bgp-updates", UTCTime.parse("2025-11-11T00:00:00Z")!) == 2_236_120_211)
        #expect(value(read.points, "country/KZ", "radar.bgp-updates", UTCTime.parse("2025-11-18T00:00:00Z")!) == 1_481_679_055)
        #expect(throws: PublicAnswerError.self) {
            try RadarTimeseries.read(try data("cloudflare-radar/bgp_updates.json"), file: "b.json", entity: .asn(1), signal: "x", serie: "serie_1")
        }
    }

    @Test func iodaPerPathDatasourcesAreRefusedByName() throws {
        for file in ["ioda/1299_upstream_delay_penult_e2e_latency.json", "ioda/1299_upstream_delay_penult_asns.json"] {
            do {
                _ = try IODASignals.read(try data(file), file: file)
                Issue.record("\(file) has object values and must be refused")
            } catch let error as PublicAnswerError {
                #expect(error.position == "data[0][0].values[0]", "\(error)")
                #expect(error.reason.contains("upstream-delay-penult"), "\(error)")
            }
        }
    }

    /// IODA's own envelope with the values of a numeric datasource: the real answer's
    /// envelope, its upstream-delay values replaced by counts (no numeric IODA answer with a
    /// known licence was found; see Tests/Data/public-apis/README.md).
    @Test func iodaNumericSignalsAtTheirStep() throws {
        var object = try #require(try JSONSerialization.jsonObject(with: try data("ioda/1299_upstream_delay_penult_e2e_latency.json")) as? [String: Any])
        var groups = try #require(object["data"] as? [[[String: Any]]])
        groups[0][0]["datasource"] = "ping-slash24"
        groups[0][0]["step"] = 600
        groups[0][0]["values"] = [120, 118, NSNull(), 0, 121]
        object["data"] = groups
        let read = try IODASignals.read(try JSONSerialization.data(withJSONObject: object), file: "ping.json")
        #expect(read.points.count == 5 && read.gaps == 1 && read.step == 600)
        #expect(value(read.points, "asn/1299", "ioda.ping-slash24", 1_727_740_800) == 120)
        #expect(value(read.points, "asn/1299", "ioda.ping-slash24", 1_727_740_800 + 1_800) == 0)
        #expect(read.points[2].value == nil, "null is no data, not zero")
    }

    @Test func truncatedAndMalformedAnswersAreRefusedWithTheirPosition() throws {
        let whole = try data("cloudflare-radar/bgp_updates.json")
        #expect(throws: PublicAnswerError.self) {
            try RadarTimeseries.read(whole.prefix(whole.count / 2), file: "cut.json", entity: .asn(1), signal: "x")
        }
        do { _ = try RadarTimeseries.read(whole.prefix(whole.count / 2), file: "cut.json", entity: .asn(1), signal: "x") } catch let error as PublicAnswerError {
            #expect(error.description.hasPrefix("cut.json: ") && error.reason.contains("not valid JSON"))
        }
        let bad = Data(String(decoding: whole, as: UTF8.self).replacingOccurrences(of: "\"2163595474\"", with: "\"lots\"").utf8)
        do {
            _ = try RadarTimeseries.read(bad, file: "bad.json", entity: .asn(1), signal: "x")
            Issue.record("a non-number value must be refused")
        } catch let error as PublicAnswerError {
            #expect(error.position == "result.serie_0.values[1]", "\(error)")
        }
        let rows = Data(#"[{"measurement_start_day": "2021-03-17", "probe_cc": "Narnia", "measurement_count": 1}]"#.utf8)
        do {
            _ = try OONIAggregation.read(rows, file: "o.json")
            Issue.record("a bad country must be refused")
        } catch let error as PublicAnswerError {
            #expect(error.position == "result[0].probe_cc")
        }
        let typed = Data(#"[{"measurement_start_day": "2021-03-17", "probe_cc": "KZ", "measurement_count": "many"}]"#.utf8)
        do {
            _ = try OONIAggregation.read(typed, file: "o.json")
            Issue.record("a string count must be refused")
        } catch let error as PublicAnswerError {
            #expect(error.position == "[0].measurement_count", "\(error)")
        }
    }
}

import Testing
@testable import TocsinCore

@Suite("UTC time parsing and formatting")
struct UTCTimeTests {
    @Test("RFC 3339 and Unix seconds", arguments: [
        ("1641378600", Int64(1_641_378_600)),
        ("-300", Int64(-300)),
        ("2022-01-05T10:30:00Z", Int64(1_641_378_600)),
        ("2022-01-05t10:30:00z", Int64(1_641_378_600)),
        ("2022-01-05 10:30:00Z", Int64(1_641_378_600)),
        ("2022-01-05T16:30:00+06:00", Int64(1_641_378_600)),
        ("2022-01-05T05:30:00-05:00", Int64(1_641_378_600)),
        ("2022-01-05T10:30:00.999Z", Int64(1_641_378_600)),
        ("1970-01-01T00:00:00Z", Int64(0)),
        ("2024-02-29T00:00:00Z", Int64(1_709_164_800)),
        ("1969-12-31T23:55:00Z", Int64(-300)),
    ])
    func parses(text: String, expected: Int64) {
        #expect(UTCTime.parse(text) == expected)
    }

    @Test("invalid times are refused", arguments: [
        "", "-", "2022-01-05", "2022-01-05T10:30Z", "2022-13-01T00:00:00Z", "2023-02-29T00:00:00Z",
        "2022-01-05T24:00:00Z", "2022-01-05T10:60:00Z", "2022-01-05T10:30:00", "2022-01-05T10:30:00+0600",
        "2022-01-05T10:30:00.Z", "2022-01-05T10:30:00Zjunk", "12a", "yesterday",
    ])
    func refuses(text: String) {
        #expect(UTCTime.parse(text) == nil)
    }

    @Test func formatRoundTrips() {
        for t: Int64 in [0, -300, 1_641_378_600, 951_782_400, 4_102_444_800, -62_135_596_800] {
            #expect(UTCTime.parse(UTCTime.format(t)) == t, "\(t) -> \(UTCTime.format(t))")
        }
        #expect(UTCTime.format(1_641_378_600) == "2022-01-05T10:30:00Z")
    }

    @Test func binFloor() {
        #expect(TimeBin.floor(1_641_378_899) == 1_641_378_600)
        #expect(TimeBin.floor(1_641_378_600) == 1_641_378_600)
        #expect(TimeBin.floor(-1) == -300)
    }
}

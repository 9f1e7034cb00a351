import Testing
import TocsinCore

@Suite("Series")
struct SeriesTests {
    @Test func prefixKeepsTheSamplesUpToATime() throws {
        let key = SeriesKey(entity: .asn(9198), signal: .bgp)
        let s = Series(key: key, samples: [(time: 0, value: 1), (time: 300, value: nil), (time: 600, value: 3)])
        #expect(s.prefix(through: 300).times == [0, 300])
        #expect(s.prefix(through: 300).values == [1, nil])
        #expect(s.prefix(through: 299).times == [0])
        #expect(s.prefix(through: -1).isEmpty)
        #expect(s.prefix(through: 900) == s)
    }
}

import Testing
@testable import TocsinDetect

/// The seasonal expectation in a series' first days, when only a few days of history are
/// there to take the median of.
@Suite("Seasonal baseline")
struct SeasonalBaselineTests {
    /// Two days of a flat 100, the second with a scanner's burst to 340 around one slot.
    static func twoDays(burstAt slot: Int64) -> SeasonalBaseline {
        var baseline = SeasonalBaseline()
        for index in Int64(0)..<Int64(2 * 288) {
            let burst = index >= 288 + slot - 2 && index <= 288 + slot + 2
            baseline.record(index, value: burst ? 340 : 100, residual: nil)
        }
        return baseline
    }

    @Test func ofTwoDaysABurstInOneDoesNotLiftTheExpectation() throws {
        let baseline = Self.twoDays(burstAt: 139)
        // The mean of 100 and 340 would make the ordinary 100 read as a drop of 55%.
        let e = try #require(baseline.expectation(at: 2 * 288 + 139))
        #expect(e.expected == 100)
        #expect(e.method == .daily)
        #expect(try #require(baseline.expectation(at: 2 * 288 + 10)).expected == 100)
    }

    @Test func ofThreeDaysTheMedianHolds() throws {
        var baseline = Self.twoDays(burstAt: 139)
        for index in Int64(2 * 288)..<Int64(3 * 288) { baseline.record(index, value: 120, residual: nil) }
        #expect(try #require(baseline.expectation(at: 3 * 288 + 139)).expected == 120, "the median of 100, 340 and 120")
    }
}

/// Time in Tocsin is UTC Unix seconds (`Int64`); signals live in 5-minute bins whose start
/// is a multiple of 300 s.
public enum TimeBin {
    /// The width of a bin in seconds.
    public static let seconds: Int64 = 300

    /// The start of the bin holding `time` (rounds down, also for negative times).
    @inlinable
    public static func floor(_ time: Int64) -> Int64 {
        let r = time % seconds
        guard r < 0 else { return time - r }
        let (down, overflow) = (time - r).subtractingReportingOverflow(seconds)
        return overflow ? time - r : down
    }

    @inlinable
    public static func isAligned(_ time: Int64) -> Bool { time % seconds == 0 }
}

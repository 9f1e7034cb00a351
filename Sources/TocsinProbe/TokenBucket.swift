/// A token bucket: at most `rate` tokens a second on average, at most `burst` at once.
/// Time is given by the caller (nanoseconds on a monotonic clock), so tests can hold it.
public struct TokenBucket: Sendable {
    public let rate: Double
    public let burst: Double
    private var tokens: Double
    private var last: UInt64

    public init(rate: Double, burst: Double, now: UInt64) {
        self.rate = max(rate, 0.001)
        self.burst = max(burst, 1)
        tokens = 1  // start nearly empty: no burst at start-up
        last = now
    }

    /// Takes one token if there is one; otherwise says how many nanoseconds until there is.
    public mutating func take(now: UInt64) -> UInt64? {
        if now > last {
            tokens = min(burst, tokens + Double(now - last) * rate / 1e9)
            last = now
        }
        if tokens >= 1 {
            tokens -= 1
            return nil
        }
        return UInt64(((1 - tokens) / rate * 1e9).rounded(.up))
    }
}

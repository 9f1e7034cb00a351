#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TocsinCore

/// Count noise for generated feeds: Poisson (telescope packets, unsolicited sources) and
/// binomial (probed blocks answering). Exact for small means, normal beyond.
extension SplitMix64 {
    /// A Poisson deviate of mean `lambda`.
    mutating func poisson(_ lambda: Double) -> Double {
        guard lambda > 0 else { return 0 }
        if lambda > 40 { return max(0, (lambda + lambda.squareRoot() * gaussian()).rounded()) }
        let limit = exp(-lambda)
        var k = 0.0
        var p = Double.random(in: 0..<1, using: &self)
        while p > limit, k < 200 {
            k += 1
            p *= Double.random(in: 0..<1, using: &self)
        }
        return k
    }

    /// A binomial deviate: answers out of `n` trials of probability `p`.
    mutating func binomial(_ n: Int, _ p: Double) -> Double {
        let p = min(max(p, 0), 1)
        guard n > 0 else { return 0 }
        if n > 60 {
            let mean = Double(n) * p
            return min(Double(n), max(0, (mean + (mean * (1 - p)).squareRoot() * gaussian()).rounded()))
        }
        var k = 0
        for _ in 0..<n where Double.random(in: 0..<1, using: &self) < p { k += 1 }
        return Double(k)
    }
}

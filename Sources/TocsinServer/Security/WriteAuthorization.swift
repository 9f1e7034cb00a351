import Crypto
import Foundation

/// Decides whether a request may write: a bearer token among the configured ones. Tokens are
/// kept and compared as SHA-256 digests, whose comparison in swift-crypto takes the same time
/// wherever two digests differ, so timing says nothing about how much of a guess was right.
/// Failed attempts are rate-limited for everyone at once (`FailureBudget`), so guessing is
/// slow even from many addresses.
struct WriteAuthorization: Sendable {
    enum Outcome: Equatable, Sendable {
        case allowed
        /// No token given (HTTP 401).
        case missing
        /// A token that is not one of ours (HTTP 403).
        case wrong
        /// Too many failed attempts lately (HTTP 429), with the seconds to wait.
        case throttled(retryAfter: Int)
        /// No tokens are configured: writing over HTTP is off (HTTP 403).
        case disabled
    }

    private let digests: [SHA256Digest]
    private let failures: FailureBudget

    init(tokens: [String], failures: FailureBudget = FailureBudget()) {
        digests = tokens.map { SHA256.hash(data: Data($0.utf8)) }
        self.failures = failures
    }

    /// Judges an `Authorization` header value. A valid token always writes; only failures
    /// spend the budget, so an attack slows the attacker, not the observatory's own writers.
    func check(_ authorization: String?, now: Date = Date()) async -> Outcome {
        guard !digests.isEmpty else { return .disabled }
        let token = authorization.flatMap { $0.hasPrefix("Bearer ") ? $0.dropFirst("Bearer ".count) : nil }.flatMap { $0.isEmpty ? nil : $0 }
        if let token {
            let given = SHA256.hash(data: Data(token.utf8))
            // Every configured digest is compared, matched or not.
            if digests.reduce(false, { found, digest in (digest == given) || found }) { return .allowed }
        }
        if let wait = await failures.wait(now: now) { return .throttled(retryAfter: wait) }
        await failures.record(now: now)
        return token == nil ? .missing : .wrong
    }
}

/// At most `limit` failed write attempts per minute across all clients; beyond, writes wait
/// until the minute is over.
actor FailureBudget {
    let limit: Int
    private var windowStart = Date.distantPast
    private var count = 0

    init(limit: Int = 30) { self.limit = limit }

    func record(now: Date) {
        roll(now)
        count += 1
    }

    /// Seconds to wait, when the budget is spent.
    func wait(now: Date) -> Int? {
        roll(now)
        guard count >= limit else { return nil }
        return max(1, Int((windowStart.addingTimeInterval(60).timeIntervalSince(now)).rounded(.up)))
    }

    private func roll(_ now: Date) {
        if now.timeIntervalSince(windowStart) >= 60 {
            windowStart = now
            count = 0
        }
    }
}

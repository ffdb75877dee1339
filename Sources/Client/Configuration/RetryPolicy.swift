import Foundation
import NetworkCore

/// When and how soon a failed download is tried again.
///
/// Transient failures are retried: refused connections, resets, empty replies, truncated
/// bodies, connect, first-byte and idle timeouts, 5xx and 429 answers. The wait before retry
/// `n` (from 1) is `initialBackoff × multiplier^(n-1)`, capped at `maxBackoff`, less a random
/// fraction up to `jitter` drawn from the client's seed, so runs are reproducible. A
/// `Retry-After` header (seconds, or an HTTP-date measured against the response's `Date`)
/// replaces the computed wait, unless it exceeds `maxRetryAfter`, in which case the download
/// fails at once with the status.
///
/// Bounds (``validate()``): 1 to 1,000 attempts, waits from zero to a day, a multiplier of at
/// least 1, a jitter from 0 to 1.
///
/// ```swift
/// var configuration = ClientConfiguration()
/// configuration.retry = RetryPolicy(maxAttempts: 5, initialBackoff: .milliseconds(50))
/// ```
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included: 1 means no retry.
    public var maxAttempts: Int
    /// The wait before the first retry, before jitter.
    public var initialBackoff: Duration
    /// The longest wait between two attempts, before jitter.
    public var maxBackoff: Duration
    /// How much each wait grows over the previous one.
    public var multiplier: Double
    /// The largest fraction (0 to 1) taken off each wait at random, so that many clients
    /// failing together do not retry in lockstep.
    public var jitter: Double
    /// The longest `Retry-After` the client agrees to wait.
    public var maxRetryAfter: Duration

    /// A policy; the defaults are those of ``default``.
    public init(
        maxAttempts: Int = 4,
        initialBackoff: Duration = .milliseconds(100),
        maxBackoff: Duration = .seconds(5),
        multiplier: Double = 2,
        jitter: Double = 0.5,
        maxRetryAfter: Duration = .seconds(30)
    ) {
        self.maxAttempts = maxAttempts
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.multiplier = multiplier
        self.jitter = jitter
        self.maxRetryAfter = maxRetryAfter
    }

    /// One attempt, no retry.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// Four attempts, waiting about 0.1 s, 0.2 s, 0.4 s (half of it jitter) in between.
    public static let `default` = RetryPolicy()

    /// The wait before retry number `retry` (1 for the first retry), or nil when the policy
    /// gives up: attempts exhausted, or a `retryAfter` longer than ``maxRetryAfter``.
    func delay(beforeRetry retry: Int, retryAfter: Duration?, draw: DeterministicDraw) -> Duration? {
        guard retry >= 1, retry < maxAttempts else { return nil }
        if let retryAfter { return retryAfter <= maxRetryAfter ? retryAfter : nil }
        let grown = initialBackoff.seconds * pow(multiplier, Double(retry - 1))
        let capped = min(grown, maxBackoff.seconds)
        let cut = min(max(jitter, 0), 1) * draw.unit(UInt64(retry))
        return .seconds(double: capped * (1 - cut))
    }
}

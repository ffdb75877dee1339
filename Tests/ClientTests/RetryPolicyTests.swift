import NetworkCore
import Testing
@testable import NetworkLabClient

@Suite struct RetryPolicyTests {
    let draw = DeterministicDraw(seed: 1, key: "test")

    @Test func backoff_growsGeometrically_upToTheCap() {
        let policy = RetryPolicy(maxAttempts: 10, initialBackoff: .milliseconds(100), maxBackoff: .milliseconds(500), multiplier: 2, jitter: 0)
        let delays = (1...5).map { policy.delay(beforeRetry: $0, retryAfter: nil, draw: draw) }
        #expect(delays == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(500), .milliseconds(500)])
    }

    @Test func jitter_takesOffAtMostItsFraction_theSameWayForTheSameSeed() {
        let policy = RetryPolicy(maxAttempts: 10, initialBackoff: .seconds(1), maxBackoff: .seconds(1), jitter: 0.5)
        for retry in 1...8 {
            let delay = policy.delay(beforeRetry: retry, retryAfter: nil, draw: draw)!
            #expect(delay > .milliseconds(500) && delay <= .seconds(1))
            #expect(delay == policy.delay(beforeRetry: retry, retryAfter: nil, draw: DeterministicDraw(seed: 1, key: "test")))
        }
    }

    @Test func retryAfter_replacesTheBackoff_unlessTooLong() {
        let policy = RetryPolicy(maxAttempts: 3, maxRetryAfter: .seconds(10))
        #expect(policy.delay(beforeRetry: 1, retryAfter: .seconds(3), draw: draw) == .seconds(3))
        #expect(policy.delay(beforeRetry: 1, retryAfter: .seconds(11), draw: draw) == nil)
    }

    @Test func attempts_stopAtMaxAttempts() {
        #expect(RetryPolicy.none.delay(beforeRetry: 1, retryAfter: nil, draw: draw) == nil)
        let policy = RetryPolicy(maxAttempts: 3)
        #expect(policy.delay(beforeRetry: 2, retryAfter: nil, draw: draw) != nil)
        #expect(policy.delay(beforeRetry: 3, retryAfter: nil, draw: draw) == nil)
    }
}

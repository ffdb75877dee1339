import Testing
import NetworkCore
@testable import MockServer

@Suite struct TokenBucketTests {
    private func at(_ seconds: Double) -> Instant { Instant(seconds: seconds) }

    @Test func tokenBucket_startsEmpty_andPaysBeforeSending() {
        let bucket = TokenBucket(rate: 1000, burst: 2000, at: at(0))
        #expect(bucket.available(at: at(0)) == 0)
        #expect(bucket.deadline(forBytes: 500, at: at(0)) == at(0.5))
        #expect(bucket.available(at: at(0.5)) == 500)
    }

    @Test func tokenBucket_holdsRate_fromFirstByte() {
        var bucket = TokenBucket(rate: 1000, burst: 2000, at: at(0))
        var now = at(0)
        var left = 10_000
        while left > 0 {
            now = bucket.deadline(forBytes: min(700, left), at: now)
            let sent = min(bucket.available(at: now), left)
            bucket.consume(sent, at: now)
            left -= sent
        }
        // The last byte leaves at start + size / rate, as in the fluid model.
        #expect(abs((now - at(0)).seconds - 10) < 1e-8)
    }

    @Test func tokenBucket_capsCredit_atBurstAfterIdle() {
        var bucket = TokenBucket(rate: 1000, burst: 2000, at: at(0))
        #expect(bucket.available(at: at(100)) == 2000)
        bucket.consume(2000, at: at(100))
        #expect(bucket.available(at: at(100)) == 0)
        #expect(bucket.deadline(forBytes: 1000, at: at(100)) == at(101))
    }

    @Test func tokenBucket_deadline_forMoreThanBurst_isWhenFull() {
        let bucket = TokenBucket(rate: 1000, burst: 2000, at: at(0))
        #expect(bucket.deadline(forBytes: 5000, at: at(0)) == at(2))
    }

    @Test func tokenBucket_setRate_keepsCreditEarnedAtOldRate() {
        var bucket = TokenBucket(rate: 1000, burst: 5000, at: at(0))
        bucket.setRate(2000, at: at(1))
        #expect(bucket.available(at: at(1)) == 1000)
        #expect(bucket.available(at: at(1.5)) == 2000)
        #expect(bucket.deadline(forBytes: 3000, at: at(1)) == at(2))
    }

    @Test func tokenBucket_shrunkBurst_keepsCreditButStopsAccruing() {
        var bucket = TokenBucket(rate: 1000, burst: 5000, at: at(0))
        bucket.setRate(1000, burst: 1000, at: at(3))
        #expect(bucket.available(at: at(10)) == 3000)
    }

    @Test func tokenBucket_overdraft_delaysLaterBytes() {
        var bucket = TokenBucket(rate: 1000, burst: 2000, at: at(0))
        bucket.consume(500, at: at(0))
        #expect(bucket.available(at: at(0.25)) == 0)
        #expect(bucket.deadline(forBytes: 100, at: at(0)) == at(0.6))
    }

    @Test func tokenBucket_atZeroRate_neverFills() {
        let bucket = TokenBucket(rate: 0, burst: 2000, at: at(0))
        #expect(bucket.available(at: at(1000)) == 0)
        #expect(bucket.deadline(forBytes: 1, at: at(0)) == Instant(nanoseconds: .max))
    }
}

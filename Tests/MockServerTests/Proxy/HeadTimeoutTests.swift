@testable import MockServer
import NetworkCore
import Testing

/// The upstream head timeout as an event-loop timer: it starts at the body's end, fires once,
/// and never after it was cancelled.
@Suite struct HeadTimeoutTests {
    /// Waits up to 10 s for `count` to reach `target`; returns what it reached.
    static func wait(for count: Lock<Int>, toReach target: Int) async throws -> Int {
        let giveUp = Instant.now() + .seconds(10)
        while count.withLock({ $0 }) < target, Instant.now() < giveUp {
            try await Task.sleep(for: .milliseconds(10))
        }
        return count.withLock { $0 }
    }

    @Test func theTimeout_countsFromTheBodysEnd_notFromWhenItIsStarted() async throws {
        let expired = Lock(0)
        let timeout = HeadTimeout(after: .seconds(60)) { expired.withLock { $0 += 1 } }
        #expect(!timeout.fired)
        // The body ended 59.9 s ago: 0.1 s are left, not the whole minute.
        timeout.start(from: Instant.now() - .milliseconds(59_900))
        #expect(try await Self.wait(for: expired, toReach: 1) == 1)
        #expect(timeout.fired)
        timeout.cancel()
        #expect(timeout.fired, "cancelling after it fired leaves it fired")
    }

    @Test func aTimeoutNeverStarted_orCancelled_neverExpires() async throws {
        let expired = Lock(0)
        let waiting = HeadTimeout(after: .milliseconds(20)) { expired.withLock { $0 += 1 } }
        let cancelled = HeadTimeout(after: .milliseconds(20)) { expired.withLock { $0 += 1 } }
        cancelled.start(from: Instant.now() + .milliseconds(200))
        cancelled.cancel()
        let cancelledFirst = HeadTimeout(after: .milliseconds(20)) { expired.withLock { $0 += 1 } }
        cancelledFirst.cancel()
        cancelledFirst.start(from: Instant.now())
        // A control that fires shows the loop ran past the others' deadlines.
        let control = HeadTimeout(after: .milliseconds(400)) { expired.withLock { $0 += 1 } }
        control.start(from: Instant.now())
        #expect(try await Self.wait(for: expired, toReach: 1) == 1)
        try await Task.sleep(for: .milliseconds(100))
        #expect(expired.withLock { $0 } == 1)
        #expect(control.fired && !waiting.fired && !cancelled.fired && !cancelledFirst.fired)
    }
}

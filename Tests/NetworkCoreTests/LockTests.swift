import Foundation
import NetworkCore
import Testing

@Suite struct LockTests {
    /// Four threads adding to one counter lose no increment: the lock excludes. (Under
    /// ThreadSanitizer this is also the case that `Synchronization.Mutex` drew false reports on.)
    @Test func lock_losesNoIncrement_underContention() async throws {
        let counter = Lock(0)
        let threads = 4, increments = 20_000
        let done = Lock(0)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            for _ in 0..<threads {
                Thread.detachNewThread {
                    for _ in 0..<increments { counter.withLock { $0 += 1 } }
                    if done.withLock({ $0 += 1; return $0 }) == threads { continuation.resume() }
                }
            }
        }
        #expect(counter.withLock { $0 } == threads * increments)
    }

    @Test func withLock_returnsWhatItsBodyReturns_andRethrowsItsError() {
        struct Refused: Error, Equatable {}
        let names = Lock(["a"])
        #expect(names.withLock { $0.append("b"); return $0.count } == 2)
        #expect(throws: Refused.self) { try names.withLock { (_: inout [String]) throws(Refused) -> Int in throw Refused() } }
        #expect(names.withLock { $0 } == ["a", "b"])
    }
}

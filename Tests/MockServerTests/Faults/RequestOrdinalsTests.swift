import NetworkCore
import Dispatch
import Testing
@testable import MockServer

@Suite struct RequestOrdinalsTests {
    @Test func next_countsEachMethodAndURLSeparately() {
        let ordinals = RequestOrdinals()
        #expect((0..<3).map { _ in ordinals.next(method: "GET", url: "/a") } == [0, 1, 2])
        #expect(ordinals.next(method: "GET", url: "/b") == 0)
        #expect(ordinals.next(method: "HEAD", url: "/a") == 0)
        #expect(ordinals.next(method: "GET", url: "/a?x=1") == 0)
        #expect(ordinals.next(method: "GET", url: "/a") == 3)
    }

    @Test func reset_restartsEveryCounter() {
        let ordinals = RequestOrdinals()
        _ = ordinals.next(method: "GET", url: "/a")
        _ = ordinals.next(method: "GET", url: "/a")
        ordinals.reset()
        #expect(ordinals.next(method: "GET", url: "/a") == 0)
    }

    @Test func next_fromManyThreads_givesEachOrdinalOnce() {
        let ordinals = RequestOrdinals()
        let seen = Lock<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let mine = (0..<1_000).map { _ in ordinals.next(method: "GET", url: "/a") }
            seen.withLock { $0 += mine }
        }
        #expect(seen.withLock { $0.sorted() } == Array(0..<8_000))
    }
}

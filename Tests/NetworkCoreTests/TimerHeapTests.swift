import Testing
@testable import NetworkCore

@Suite struct TimerHeapTests {
    @Test func popDue_runsTimersInDeadlineOrder_thenSchedulingOrder() {
        var heap = TimerHeap()
        var ran: [String] = []
        heap.schedule(at: Instant(seconds: 3)) { ran.append("c") }
        heap.schedule(at: Instant(seconds: 1)) { ran.append("a1") }
        heap.schedule(at: Instant(seconds: 2)) { ran.append("b") }
        heap.schedule(at: Instant(seconds: 1)) { ran.append("a2") }
        while let action = heap.popDue(at: Instant(seconds: 2.5)) { action() }
        #expect(ran == ["a1", "a2", "b"])
        #expect(heap.nextDeadline() == Instant(seconds: 3))
    }

    @Test func cancel_skipsTheTimer_andUpdatesNextDeadline() {
        var heap = TimerHeap()
        var ran = false
        let early = heap.schedule(at: Instant(seconds: 1)) { ran = true }
        heap.schedule(at: Instant(seconds: 5)) {}
        heap.cancel(early)
        #expect(heap.nextDeadline() == Instant(seconds: 5))
        #expect(heap.popDue(at: Instant(seconds: 2)) == nil)
        #expect(!ran)
        #expect(heap.count == 1)
    }

    @Test func manyRandomTimers_comeOutSorted() {
        var heap = TimerHeap()
        let draw = DeterministicDraw(seed: 9, key: "timers")
        var order: [Int64] = []
        for index in 0..<2000 {
            let deadline = Instant(nanoseconds: Int64(draw.below(1_000_000, UInt64(index))))
            heap.schedule(at: deadline) { order.append(deadline.nanoseconds) }
        }
        while let action = heap.popDue(at: Instant(nanoseconds: .max)) { action() }
        #expect(order.count == 2000)
        #expect(order == order.sorted())
    }
}

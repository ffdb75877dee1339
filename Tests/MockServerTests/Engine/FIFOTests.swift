import Testing
@testable import MockServer

@Suite struct FIFOTests {
    @Test func takesValuesInTheOrderTheyCame_thenNil() {
        var queue = FIFO<String>()
        #expect(queue.isEmpty && queue.popFirst() == nil)
        queue.append("a")
        queue.append("b")
        #expect(queue.count == 2)
        #expect(queue.popFirst() == "a")
        queue.append("c")
        #expect(queue.popFirst() == "b")
        #expect(queue.popFirst() == "c")
        #expect(queue.isEmpty && queue.popFirst() == nil)
    }

    /// Past the point where taken slots are reclaimed, many times over, with puts and takes
    /// interleaved as a busy executor's are: nothing lost, nothing repeated, order kept.
    @Test func keepsOrder_acrossReclaimingTakenSlots() {
        var queue = FIFO<Int>()
        var taken: [Int] = []
        var next = 0
        // A queue that stays short while values flow through it: taken slots pile up at its front.
        for _ in 0..<10 {
            queue.append(next)
            next += 1
        }
        for _ in 0..<1_000 {
            queue.append(next)
            next += 1
            if let value = queue.popFirst() { taken.append(value) }
        }
        #expect(queue.count == 10)
        for round in 0..<500 {
            for _ in 0..<(round % 7 + 1) {
                queue.append(next)
                next += 1
            }
            for _ in 0..<(round % 5) {
                if let value = queue.popFirst() { taken.append(value) }
            }
        }
        #expect(queue.count == next - taken.count)
        while let value = queue.popFirst() { taken.append(value) }
        #expect(taken == Array(0..<next))
        #expect(queue.isEmpty)
    }
}

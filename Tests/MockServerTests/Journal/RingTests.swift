import Testing
@testable import MockServer

@Suite struct RingTests {
    @Test func keepsEverything_untilFull_oldestFirst() {
        var ring = Ring<Int>(capacity: 3)
        #expect(ring.elements.isEmpty)
        ring.append(1)
        ring.append(2)
        #expect(ring.elements == [1, 2])
        #expect(ring.dropped == 0)
    }

    @Test func whenFull_eachNewValueDisplacesTheOldest() {
        var ring = Ring<Int>(capacity: 3)
        for value in 1...7 { ring.append(value) }
        #expect(ring.elements == [5, 6, 7])
        #expect(ring.dropped == 4)
        ring.append(8)
        ring.append(9)
        #expect(ring.elements == [7, 8, 9])
        #expect(ring.dropped == 6)
    }

    @Test func removeAll_startsOver() {
        var ring = Ring<String>(capacity: 2)
        for value in ["a", "b", "c"] { ring.append(value) }
        ring.removeAll()
        #expect(ring.elements.isEmpty && ring.dropped == 0)
        ring.append("d")
        #expect(ring.elements == ["d"])
    }

    @Test func aCapacityBelowOne_keepsOne() {
        var ring = Ring<Int>(capacity: 0)
        ring.append(1)
        ring.append(2)
        #expect(ring.capacity == 1)
        #expect(ring.elements == [2])
        #expect(ring.dropped == 1)
    }
}

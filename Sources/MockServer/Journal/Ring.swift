/// The most recent values appended, up to a capacity, oldest first: what a journal keeps.
///
/// Once full, each new value takes the oldest's slot, so memory stays flat, an append costs
/// the same however many came before, and the allocator reuses what the old value freed.
/// Dropping the oldest from the front of an array instead moves every value kept.
struct Ring<Element> {
    /// How many values are kept, at least 1.
    let capacity: Int
    private var slots: [Element] = []
    /// The slot of the oldest value once the ring is full.
    private var oldest = 0
    /// How many values newer ones displaced since the start or ``removeAll()``.
    private(set) var dropped = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// The kept values, oldest first.
    var elements: [Element] {
        Array(slots[oldest...] + slots[..<oldest])
    }

    /// Keeps `element` as the newest value, displacing the oldest when full.
    mutating func append(_ element: Element) {
        if slots.count < capacity {
            slots.append(element)
        } else {
            slots[oldest] = element
            oldest = (oldest + 1) % capacity
            dropped += 1
        }
    }

    /// Forgets every value and the count of those dropped.
    mutating func removeAll() {
        slots.removeAll()
        oldest = 0
        dropped = 0
    }
}

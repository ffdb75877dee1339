/// Values taken in the order they were put in, each put and take in constant time (amortized).
///
/// `Array.removeFirst()` moves every value behind the first; a queue that jobs wait in
/// (``HandlerExecutor``'s, a thousand handlers queued at once) would pay that on every take.
/// Here a take only moves an index; the taken slots are reclaimed once they are the larger part.
struct FIFO<Element> {
    private var slots: [Element?] = []
    /// The slot of the oldest value not yet taken.
    private var head = 0

    /// Whether every value put in has been taken.
    var isEmpty: Bool { head == slots.count }

    /// How many values wait.
    var count: Int { slots.count - head }

    /// Puts `element` behind the others.
    mutating func append(_ element: Element) {
        slots.append(element)
    }

    /// Takes the oldest value; nil when none waits.
    mutating func popFirst() -> Element? {
        guard head < slots.count else { return nil }
        let element = slots[head].take()
        head += 1
        if head == slots.count {
            slots.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 64 && head * 2 >= slots.count {
            slots.removeFirst(head)
            head = 0
        }
        return element
    }
}

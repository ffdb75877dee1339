/// The identity of a scheduled timer, needed to cancel it.
package struct TimerID: Sendable, Hashable {
    let value: UInt64
}

/// Timers ordered by deadline: the event loop's one pacing scheduler for every connection.
///
/// A binary min-heap on `(deadline, id)`, so timers with equal deadlines run in the order they
/// were scheduled. Cancelling forgets the action at once and leaves the heap entry to be
/// skipped when it surfaces, which keeps cancel O(1).
struct TimerHeap {
    private var heap: [(deadline: Instant, id: UInt64)] = []
    private var actions: [UInt64: () -> Void] = [:]
    private var nextID: UInt64 = 0

    /// The number of live (not cancelled, not yet run) timers.
    var count: Int { actions.count }

    @discardableResult
    mutating func schedule(at deadline: Instant, _ action: @escaping () -> Void) -> TimerID {
        nextID += 1
        actions[nextID] = action
        heap.append((deadline, nextID))
        siftUp(heap.count - 1)
        return TimerID(value: nextID)
    }

    mutating func cancel(_ id: TimerID) {
        actions[id.value] = nil
    }

    /// The earliest live deadline.
    mutating func nextDeadline() -> Instant? {
        dropCancelledTop()
        return heap.first?.deadline
    }

    /// Removes and returns the earliest live action whose deadline is at or before `now`.
    mutating func popDue(at now: Instant) -> (() -> Void)? {
        dropCancelledTop()
        guard let top = heap.first, top.deadline <= now else { return nil }
        removeTop()
        return actions.removeValue(forKey: top.id)
    }

    private mutating func dropCancelledTop() {
        while let top = heap.first, actions[top.id] == nil {
            removeTop()
        }
    }

    private mutating func removeTop() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        siftDown(0)
    }

    private func precedes(_ a: Int, _ b: Int) -> Bool {
        heap[a].deadline < heap[b].deadline || (heap[a].deadline == heap[b].deadline && heap[a].id < heap[b].id)
    }

    private mutating func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(child, parent) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            var smallest = left
            if left + 1 < heap.count, precedes(left + 1, left) { smallest = left + 1 }
            guard precedes(smallest, parent) else { return }
            heap.swapAt(smallest, parent)
            parent = smallest
        }
    }
}

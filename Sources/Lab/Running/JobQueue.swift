import Synchronization

/// Hands out job numbers 0, 1, 2, ... to the threads of a pool, each number once.
final class JobQueue: Sendable {
    private let next = Atomic<Int>(0)
    let count: Int

    init(count: Int) {
        self.count = count
    }

    /// The next job, or nil when all were taken.
    func take() -> Int? {
        let index = next.add(1, ordering: .relaxed).oldValue
        return index < count ? index : nil
    }
}

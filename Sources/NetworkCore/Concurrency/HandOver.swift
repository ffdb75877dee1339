/// Waits for a value that another thread (an event loop, a dispatch queue, a thread of its
/// own) produces, and returns it to the calling task.
///
/// `start` receives the hand to give the value to, once. The value crosses through a ``Lock``:
/// resuming a continuation orders the producer's writes before the task's reads, but
/// ThreadSanitizer cannot see that order when the task had not yet suspended (the producer was
/// quick, and the task simply goes on), and reported the value as raced. Every value the
/// package hands from a thread to a task goes this way.
///
/// ```swift
/// let sum = await handOver { hand in
///     Thread { hand(heavySum()) }.start()
/// }
/// ```
package func handOver<T: Sendable>(_ start: (_ hand: @escaping @Sendable (sending T) -> Void) -> Void) async -> T {
    let handoff = Lock<T?>(nil)
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        start { value in
            handoff.withLock { $0 = value }
            continuation.resume()
        }
    }
    // Set before the resume above.
    return handoff.withLock { $0 }!
}

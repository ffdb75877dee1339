#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value guarded by a `pthread_mutex_t`: the same contract as `Synchronization.Mutex`
/// (`withLock` with `inout sending` access), on a lock ThreadSanitizer understands.
///
/// On Linux, TSan reports every contended `Mutex` critical section as a race, since `Mutex`
/// hands the lock over through a priority-inheritance futex that TSan cannot see. Those false
/// reports would bury real ones, so the package locks with this type and runs its suite under
/// TSan.
///
/// ```swift
/// let counts = Lock([String: Int]())
/// counts.withLock { $0["GET /", default: 0] += 1 }
/// ```
package final class Lock<Value>: @unchecked Sendable {
    // @unchecked: `value` is only reached inside `withLock`, with `mutex` held, and every value
    // that goes in or comes out is `sending`, as with `Mutex`.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    /// A lock guarding `value`.
    package init(_ value: sending Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        let status = pthread_mutex_init(mutex, nil)
        precondition(status == 0, "pthread_mutex_init failed with \(status)")
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value and returns what it returns.
    package func withLock<Result, E: Error>(
        _ body: (inout sending Value) throws(E) -> sending Result
    ) throws(E) -> sending Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}

import Dispatch
import NetworkCore

/// A dispatch queue for the blocking calls of async downloads (file I/O, name lookups), so
/// that none runs on Swift's cooperative pool; tasks await the result through a continuation.
package struct BlockingQueue: Sendable {
    /// The queue writing every async download's `.part` file.
    package static let files = BlockingQueue(label: "NetworkLab.Client.files")
    /// The queue resolving host names for async downloads.
    package static let resolver = BlockingQueue(label: "NetworkLab.Client.resolver")

    private let queue: DispatchQueue

    private init(label: String) {
        queue = DispatchQueue(label: label, qos: .userInitiated)
    }

    /// Runs `work` on the queue and returns its result. The task waits for `work` even when
    /// cancelled, since `work` may use memory the task owns (a read buffer).
    package func run<T: Sendable>(_ work: @escaping @Sendable () throws(DownloadError) -> T) async throws(DownloadError) -> T {
        try await handOver { hand in
            queue.async { hand(Result { () throws(DownloadError) in try work() }) }
        }.get()
    }

    /// Runs `work` on the queue and returns its result, or gives up on it, failing with
    /// `.cancelled` when the task is cancelled or with the deadline's error when it passes.
    /// Only for work that owns everything it touches (a name lookup).
    func run<T: Sendable>(
        deadline: Download.Deadline?,
        abandonable work: @escaping @Sendable () throws(DownloadError) -> T
    ) async throws(DownloadError) -> T {
        let outcome = Outcome<T>()
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                outcome.wait(continuation)
                queue.async { outcome.settle(Result { () throws(DownloadError) in try work() }) }
                if let deadline {
                    let loop = EventLoop.shared
                    loop.execute { loop.schedule(at: deadline.instant) { outcome.settle(.failure(deadline.error)) } }
                }
            }
        } onCancel: {
            outcome.settle(.failure(.cancelled))
        }
        return try outcome.settled().get()
    }

    /// The first of several possible results, kept for the waiting task, which is resumed
    /// exactly once and then takes the result under the lock: the values built on another
    /// thread (resolved addresses) are then ordered by the lock, which ThreadSanitizer sees,
    /// not only by the continuation, which it does not see from a dispatch thread.
    private final class Outcome<T: Sendable>: Sendable {
        private struct State {
            var continuation: CheckedContinuation<Void, Never>?
            var result: Result<T, DownloadError>?
        }

        private let state = Lock(State())

        func wait(_ continuation: CheckedContinuation<Void, Never>) {
            let ready = state.withLock { state -> Bool in
                guard state.result == nil else { return true }
                state.continuation = continuation
                return false
            }
            if ready { continuation.resume() }
        }

        func settle(_ result: Result<T, DownloadError>) {
            let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
                guard state.result == nil else { return nil }
                state.result = result
                defer { state.continuation = nil }
                return state.continuation
            }
            continuation?.resume()
        }

        /// The first result settled; only after the waiting task has been resumed.
        func settled() -> Result<T, DownloadError> {
            state.withLock { $0.result ?? .failure(.cancelled) }
        }
    }
}

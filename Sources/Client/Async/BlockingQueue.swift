import Dispatch
import NetworkCore

/// A dispatch queue for the blocking calls of async downloads (file I/O, name lookups), so
/// that none runs on Swift's cooperative pool; tasks await the result through a continuation.
struct BlockingQueue: Sendable {
    /// The queue writing every async download's `.part` file.
    static let files = BlockingQueue(label: "NetworkLab.Client.files")
    /// The queue resolving host names for async downloads.
    static let resolver = BlockingQueue(label: "NetworkLab.Client.resolver")

    private let queue: DispatchQueue

    private init(label: String) {
        queue = DispatchQueue(label: label, qos: .userInitiated)
    }

    /// Runs `work` on the queue and returns its result. The task waits for `work` even when
    /// cancelled, since `work` may use memory the task owns (a read buffer).
    func run<T: Sendable>(_ work: @escaping @Sendable () throws(DownloadError) -> T) async throws(DownloadError) -> T {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, DownloadError>, Never>) in
            queue.async { continuation.resume(returning: Result { () throws(DownloadError) in try work() }) }
        }
        return try result.get()
    }

    /// Runs `work` on the queue and returns its result, or gives up on it, failing with
    /// `.cancelled` when the task is cancelled or with the deadline's error when it passes.
    /// Only for work that owns everything it touches (a name lookup).
    func run<T: Sendable>(
        deadline: Download.Deadline?,
        abandonable work: @escaping @Sendable () throws(DownloadError) -> T
    ) async throws(DownloadError) -> T {
        let outcome = Outcome<T>()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, DownloadError>, Never>) in
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
        return try result.get()
    }

    /// The first of several possible results, handed to the waiting task exactly once.
    private final class Outcome<T: Sendable>: Sendable {
        private struct State {
            var continuation: CheckedContinuation<Result<T, DownloadError>, Never>?
            var result: Result<T, DownloadError>?
            var delivered = false
        }

        private let state = Lock(State())

        func wait(_ continuation: CheckedContinuation<Result<T, DownloadError>, Never>) {
            let ready = state.withLock { state -> Result<T, DownloadError>? in
                guard let result = state.result else {
                    state.continuation = continuation
                    return nil
                }
                state.delivered = true
                return result
            }
            if let ready { continuation.resume(returning: ready) }
        }

        func settle(_ result: Result<T, DownloadError>) {
            let continuation = state.withLock { state -> CheckedContinuation<Result<T, DownloadError>, Never>? in
                guard state.result == nil, !state.delivered else { return nil }
                state.result = result
                guard let continuation = state.continuation else { return nil }
                state.delivered = true
                state.continuation = nil
                return continuation
            }
            continuation?.resume(returning: result)
        }
    }
}

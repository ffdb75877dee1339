import Foundation

/// Runs blocking work (a blocking socket reader, the blocking client, a pipe read) on a thread
/// of its own, never on Swift's cooperative pool, whose few threads the server's handlers and
/// the async client need.
enum BenchThread {
    /// Runs `body` on a new thread named `name` and returns its result.
    static func run<T: Sendable, Failure: Error>(_ name: String, _ body: @escaping @Sendable () throws(Failure) -> T) async throws(Failure) -> T {
        let result: Result<T, Failure> = await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: Result { () throws(Failure) in try body() })
            }
            thread.name = name
            thread.start()
        }
        return try result.get()
    }
}

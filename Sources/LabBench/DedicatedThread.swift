import Foundation
import NetworkCore

/// Runs blocking work on a thread of its own, never on Swift's cooperative pool: the
/// blocking client sleeps in `poll(2)` and the hashing loops hold a core, and either would
/// starve the few pool threads the async client and the server rely on.
package enum DedicatedThread {
    /// Runs `body` on a new thread and returns its result.
    package static func run<T: Sendable>(name: String, _ body: @escaping @Sendable () -> T) async -> T {
        await handOver { hand in
            let thread = Thread { hand(body()) }
            thread.name = name
            thread.start()
        }
    }
}

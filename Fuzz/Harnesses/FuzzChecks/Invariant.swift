import NetworkCore

/// Where a broken ``invariant(_:_:)`` goes: nowhere set (the default) traps, so that libFuzzer
/// reports a crash and saves the input; the unit test that replays `Fuzz/Corpus` collects them
/// instead, so that a broken invariant is a failed test, not a dead test process.
///
/// A lock, not a task-local value: `TaskLocal.withValue` crashed inside the concurrency runtime
/// in a release build under ThreadSanitizer.
package enum InvariantReport {
    private static let handler = Lock<(@Sendable (String) -> Void)?>(nil)

    /// Runs `body` with every broken invariant handed to `collect`. One caller at a time: the
    /// handler is the process's.
    package static func collecting(_ collect: @escaping @Sendable (String) -> Void, _ body: () -> Void) {
        handler.withLock { $0 = collect }
        defer { handler.withLock { $0 = nil } }
        body()
    }

    /// The handler of the ``collecting(_:_:)`` call under way, if any.
    static var current: (@Sendable (String) -> Void)? { handler.withLock { $0 } }
}

/// Stops the harness with `message` when `condition` is false (or hands `message` to the
/// handler of ``InvariantReport/collecting(_:_:)``). Unlike `precondition`, the message survives
/// `-c release`.
package func invariant(_ condition: Bool, _ message: @autoclosure () -> String = "") {
    guard !condition else { return }
    guard let handler = InvariantReport.current else { fatalError("invariant broken: \(message())") }
    handler("invariant broken: \(message())")
}

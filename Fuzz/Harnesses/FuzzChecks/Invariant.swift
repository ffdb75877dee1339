/// Where a broken ``invariant(_:_:)`` goes: nil (the default) traps, so that libFuzzer reports
/// a crash and saves the input; the unit test that replays `Fuzz/Corpus` sets a handler for the
/// checks it runs, so that a broken invariant is a failed test, not a dead test process.
package enum InvariantReport {
    @TaskLocal package static var handler: (@Sendable (String) -> Void)?
}

/// Stops the harness with `message` when `condition` is false (or hands `message` to
/// ``InvariantReport/handler``). Unlike `precondition`, the message survives `-c release`.
package func invariant(_ condition: Bool, _ message: @autoclosure () -> String = "") {
    guard !condition else { return }
    guard let handler = InvariantReport.handler else { fatalError("invariant broken: \(message())") }
    handler("invariant broken: \(message())")
}

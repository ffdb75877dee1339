/// Stops the harness with `message` when `condition` is false. libFuzzer reports the stop as
/// a crash and saves the input; unlike `precondition`, the message survives `-c release`.
package func invariant(_ condition: Bool, _ message: @autoclosure () -> String = "") {
    if !condition { fatalError("invariant broken: \(message())") }
}

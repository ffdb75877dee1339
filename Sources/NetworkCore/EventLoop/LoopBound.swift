/// A value confined to one event loop's thread, carried through a `@Sendable` closure (a task's
/// completion, `execute`) that hands it back to that same thread.
///
/// Unchecked: the carrier promises to touch `value` only on the loop that owns it.
package struct LoopBound<Value>: @unchecked Sendable {
    package let value: Value

    package init(_ value: Value) {
        self.value = value
    }
}

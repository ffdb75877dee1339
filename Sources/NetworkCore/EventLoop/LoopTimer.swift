/// One timer of an event loop's owner (a connection's wait, a watchdog, a backoff): armed,
/// re-armed and cancelled by name, and knowing whether it is armed and for when. *Loop only.*
///
/// Arming it again replaces the earlier deadline, so at most one action is pending. It is
/// disarmed before its action runs, so the action may arm it again. The loop holds the action
/// (and what it captures) until it runs or is cancelled: an owner that goes away cancels it.
package final class LoopTimer {
    private let loop: EventLoop
    private var id: TimerID?
    /// When the armed action runs; nil when disarmed.
    package private(set) var deadline: Instant?

    package init(loop: EventLoop) {
        self.loop = loop
    }

    /// Whether an action is pending.
    package var isArmed: Bool { id != nil }

    /// Runs `action` on the loop at `deadline`, in place of any action pending.
    package func arm(at deadline: Instant, _ action: @escaping () -> Void) {
        cancel()
        self.deadline = deadline
        id = loop.schedule(at: deadline) { [self] in
            id = nil
            self.deadline = nil
            action()
        }
    }

    /// Drops the pending action, if any.
    package func cancel() {
        if let id { loop.cancel(id) }
        id = nil
        deadline = nil
    }
}

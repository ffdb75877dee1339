import NetworkCore

/// The upstream's time to answer a request whose body went on after its head: `timeout`
/// counts from the body's end, on an event-loop timer (no task sleeps for it), and when it
/// runs out `expired` runs once (the forwarder closes the connection, which ends its read).
///
/// ```swift
/// let timeout = HeadTimeout(after: .seconds(30)) { connection.close() }
/// // the body writer, at the body's end:
/// timeout.start(from: Instant.now())
/// // the response head came:
/// timeout.cancel()
/// ```
final class HeadTimeout: Sendable {
    private let timeout: Duration
    private let loop: EventLoop
    private let expired: @Sendable () -> Void
    private let state = Lock(State.waiting)

    private enum State {
        /// The body still goes; the clock has not started.
        case waiting
        case armed(TimerID)
        case fired
        case cancelled
    }

    init(after timeout: Duration, loop: EventLoop = .shared, expired: @escaping @Sendable () -> Void) {
        self.timeout = timeout
        self.loop = loop
        self.expired = expired
    }

    /// True once the timeout ran out (and `expired` ran).
    var fired: Bool {
        if case .fired = state.withLock({ $0 }) { return true }
        return false
    }

    /// The body ended at `ended`: the upstream has `timeout` from then.
    @Sendable func start(from ended: Instant) {
        let deadline = ended + timeout
        loop.execute { [self] in
            // On the loop the timer cannot run before it is recorded as armed.
            let timer = loop.schedule(at: deadline) { [self] in
                let fire = state.withLock { state -> Bool in
                    guard case .armed = state else { return false }
                    state = .fired
                    return true
                }
                if fire { expired() }
            }
            let armed = state.withLock { state -> Bool in
                guard case .waiting = state else { return false }
                state = .armed(timer)
                return true
            }
            if !armed { loop.cancel(timer) }
        }
    }

    /// The head came (or the exchange ended otherwise): the timeout no longer applies.
    func cancel() {
        let timer = state.withLock { state -> TimerID? in
            switch state {
            case .fired, .cancelled: return nil
            case .waiting: state = .cancelled; return nil
            case .armed(let timer): state = .cancelled; return timer
            }
        }
        if let timer { loop.execute { [loop] in loop.cancel(timer) } }
    }
}

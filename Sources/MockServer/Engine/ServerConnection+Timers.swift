import NetworkCore

/// Timers (latency, pacing, the machine's timeouts) and the ways a connection ends.
extension ServerConnection {
    func wake(at deadline: Instant) {
        wakeTimer.arm(at: deadline) { [self] in
            now = Instant.now()
            woke()
        }
    }

    func woke() {
        switch phase {
        case .waiting:
            startResponse()
        case .writing, .readingBody:
            drive()
        default:
            break
        }
    }

    /// The link's rates changed: recompute this connection's pacing deadline.
    func rateChanged() {
        let paced = wakeTimer.isArmed && (phase == .writing || phase == .readingBody)
        guard paced || requestFeed?.pacingTimer.isArmed == true else { return }
        if paced { wakeTimer.cancel() }
        requestFeed?.pacingTimer.cancel()
        now = Instant.now()
        drive()
    }

    /// Arms a timer for the machine's deadline unless one already fires before it (a timer
    /// that fires early finds the deadline later and arms again).
    func armWatchdog() {
        guard phase != .closed, let deadline = machine.deadline, watchdog.deadline.map({ deadline < $0 }) ?? true else { return }
        watchdog.arm(at: deadline) { [self] in watchdogFired() }
    }

    func watchdogFired() {
        guard phase != .closed, let deadline = machine.deadline else { return }
        now = Instant.now()
        // A loop running late (a loaded machine, a sanitizer) may get here before it has read
        // bytes that came in time. Read them first: the timeout holds only if, with them, the
        // connection is still idle or its head still incomplete.
        if now >= deadline, !readable, phase == .idle || phase == .readingBody || machine.streaming, socket.hasPendingInput() {
            readable = true
            drive()
            guard phase != .closed, machine.deadline == deadline else { return }
        }
        // Not due yet (the deadline moved later), or held back: the machine keeps its deadline
        // or moves it, and `perform` arms the timer again.
        perform(machine.timerFired(now: now, heldBack: machine.streaming && requestFeed?.holdsClientBack == true))
    }

    /// The exchange being answered, if any, as ``MockServer/inFlight()`` shows it.
    var inFlight: InFlightExchange? {
        exchange?.inFlight(connection: id, phase: phase, state: engine.state)
    }

    // MARK: - Ending

    /// The server is closing: finish what is in flight, drop what is idle or stalled, and what
    /// waits (a latency, a handler, a quiet streamed body) for a client that has closed its
    /// side. Again, while the server closes, each time such a connection's socket stirs.
    func serverClosing() {
        now = Instant.now()
        let clientLeft = machine.isAnswering && socket.peerHasClosed()
        if clientLeft { exchange?.error = "the client closed its connection \(phase == .waiting ? "before the response started" : "during the response")" }
        perform(machine.serverClosing(clientLeft: clientLeft))
    }

    /// The connection failed or the server cut it: record any exchange as aborted and close.
    func abort() {
        // Also an event of its own (the server cutting every connection): the journal's end.
        now = Instant.now()
        perform(machine.close())
    }

    /// Records the exchange in the journal and forgets it.
    func finishExchange(aborted: Bool) {
        guard let exchange else { return }
        engine.detachFlow(exchange, at: now)
        exchange.plan?.body.cancel()
        wakeTimer.cancel()
        exchange.record(aborted: aborted, connection: id, in: engine.state, end: now)
        self.exchange = nil
    }
}

import NetworkCore

/// Timers (latency, pacing, the machine's timeouts) and the ways a connection ends.
extension ServerConnection {
    func wake(at deadline: Instant) {
        cancelWake()
        let bound = LoopBound(self)
        wakeTimer = engine.loop.schedule(at: deadline) {
            let connection = bound.value
            connection.wakeTimer = nil
            connection.now = Instant.now()
            connection.woke()
        }
    }

    func cancelWake() {
        if let wakeTimer { engine.loop.cancel(wakeTimer) }
        wakeTimer = nil
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
        if streamWakeTimer != nil {
            cancelStreamWake()
            now = Instant.now()
            drive()
        }
        guard wakeTimer != nil, phase == .writing || phase == .readingBody else { return }
        cancelWake()
        now = Instant.now()
        drive()
    }

    /// Arms a timer for the machine's deadline unless one already fires before it (a timer
    /// that fires early finds the deadline later and arms again).
    func armWatchdog() {
        guard phase != .closed, let deadline = machine.deadline, watchdogArmedAt.map({ deadline < $0 }) ?? true else { return }
        watchdogArmedAt = deadline
        if let watchdogTimer { engine.loop.cancel(watchdogTimer) }
        let bound = LoopBound(self)
        watchdogTimer = engine.loop.schedule(at: deadline) {
            bound.value.watchdogFired(armedAt: deadline)
        }
    }

    /// Disarms the watchdog, so that a closed connection is freed now, not at its deadline.
    func cancelWatchdog() {
        if let watchdogTimer { engine.loop.cancel(watchdogTimer) }
        watchdogTimer = nil
        watchdogArmedAt = nil
    }

    func watchdogFired(armedAt: Instant) {
        guard watchdogArmedAt == armedAt, phase != .closed else { return }
        watchdogArmedAt = nil
        watchdogTimer = nil
        guard let deadline = machine.deadline else { return }
        now = Instant.now()
        if now < deadline {
            armWatchdog()
            return
        }
        if streamHoldsClientBack {
            machine.noteActivity(now)
            armWatchdog()
            return
        }
        // A loop running late (a loaded machine, a sanitizer) may get here before it has read
        // bytes that came in time. Read them first: the timeout holds only if, with them, the
        // connection is still idle or its head still incomplete.
        if !readable, phase == .idle || phase == .readingBody || machine.streaming, socket.hasPendingInput() {
            readable = true
            drive()
            guard phase != .closed, machine.deadline == deadline else { return }
        }
        perform(machine.timerFired(now: now))
    }

    /// The exchange being answered, if any, as ``MockServer/inFlight()`` shows it.
    var inFlight: InFlightExchange? {
        exchange?.inFlight(connection: id, phase: phase, state: engine.state)
    }

    // MARK: - Ending

    /// The server is closing: finish what is in flight, drop what is idle or stalled, and what
    /// waits (a latency, a handler) for a client that has closed its side.
    func serverClosing() {
        now = Instant.now()
        let clientLeft = phase == .waiting && socket.peerHasClosed()
        if clientLeft { exchange?.error = "the client closed its connection before the response started" }
        perform(machine.serverClosing(clientLeft: clientLeft))
    }

    /// The connection failed or the server cut it: record any exchange as aborted and close.
    func abort() {
        // Also an event of its own (the server cutting every connection): the journal's end.
        now = Instant.now()
        perform(machine.close())
    }

    /// Records the exchange in the journal and forgets it.
    func finishExchange() {
        guard let exchange else { return }
        engine.detachFlow(exchange)
        exchange.plan?.body.cancel()
        cancelWake()
        if exchange.outcome == .complete && exchange.fault != nil { exchange.outcome = .fault }
        engine.state.journal.record(
            exchange.journalEntry(connection: id, state: engine.state, end: now),
            faultKind: exchange.fault?.fault.kind
        )
        self.exchange = nil
    }
}

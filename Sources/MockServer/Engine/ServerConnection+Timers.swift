import NetworkCore

/// Timers (latency, pacing, watchdogs) and the ways a connection ends.
extension ServerConnection {
    func wake(at deadline: Instant) {
        cancelWake()
        let bound = LoopBound(self)
        wakeTimer = engine.loop.schedule(at: deadline) {
            let connection = bound.value
            connection.wakeTimer = nil
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
        guard wakeTimer != nil, phase == .writing || phase == .readingBody else { return }
        cancelWake()
        drive()
    }

    func noteActivity() {
        let now = Instant.now()
        switch phase {
        case .idle where headStartedAt != nil:
            break
        case .idle, .readingBody:
            setWatchdog(now + engine.state.limits.idleTimeout)
        default:
            break
        }
    }

    func setWatchdog(_ deadline: Instant?) {
        watchdogDeadline = deadline
        guard let deadline, watchdogArmedAt.map({ deadline < $0 }) ?? true else { return }
        watchdogArmedAt = deadline
        let bound = LoopBound(self)
        engine.loop.schedule(at: deadline) {
            bound.value.watchdogFired(armedAt: deadline)
        }
    }

    func watchdogFired(armedAt: Instant) {
        guard watchdogArmedAt == armedAt, phase != .closed else { return }
        watchdogArmedAt = nil
        guard let deadline = watchdogDeadline else { return }
        if Instant.now() < deadline {
            setWatchdog(deadline)
            return
        }
        // A loop running late (a loaded machine, a sanitizer) may get here before it has read
        // bytes that came in time. Read them first: the timeout holds only if, with them, the
        // connection is still idle or its head still incomplete.
        if !readable, phase == .idle || phase == .readingBody, socket.hasPendingInput() {
            readable = true
            drive()
            guard phase != .closed, watchdogDeadline == deadline else { return }
        }
        watchdogDeadline = nil
        switch phase {
        case .idle where headStartedAt != nil:
            reject(status: 408, message: "the request head was not complete within \(engine.state.limits.headerTimeout)")
        case .readingBody:
            let (head, headAt) = (bodyReader?.head, bodyReader?.headAt)
            if let reader = bodyReader { finishUpload(reader) }
            reject(status: 408, message: "the request body stalled for \(engine.state.limits.idleTimeout)", head: head, headAt: headAt)
        default:
            close()
        }
    }

    /// The exchange being answered, if any, as ``MockServer/inFlight()`` shows it.
    var inFlight: InFlightExchange? {
        guard let exchange else { return nil }
        let stage: InFlightExchange.Stage = switch phase {
        case .stalled: .stalled
        case .writing, .lingering, .closed: .sending
        case .idle, .readingBody, .waiting: .waiting
        }
        return InFlightExchange(
            id: exchange.journalID, connection: id, method: exchange.head?.method.rawValue ?? "",
            path: exchange.head?.path ?? "", query: exchange.head?.query, status: exchange.status,
            bytesSent: exchange.bodySent, start: .seconds(double: engine.state.elapsed(at: exchange.receivedAt)),
            stage: stage, fault: exchange.fault.map { $0.fault.description }
        )
    }

    // MARK: - Ending

    /// The server is closing: finish what is in flight, drop what is idle or stalled, and what
    /// waits (a latency, a handler) for a client that has closed its side.
    func serverClosing() {
        switch phase {
        case .idle where input.isEmpty, .stalled:
            close()
        case .waiting where socket.peerHasClosed():
            // Most likely a client that timed out: waiting out a long latency for it would hold
            // close() for nothing. (A client that only half-closed loses its response.)
            exchange?.error = "the client closed its connection before the response started"
            abort()
        case .lingering, .closed:
            break
        default:
            keepAlive = false
        }
    }

    /// Shuts our side (the client reads end of stream after the response) and lingers.
    func shutDownAndLinger() {
        socket.shutdownWrite()
        phase = .lingering
        cancelWake()
        setWatchdog(Instant.now() + Self.lingerTime)
        drive()
    }

    /// Ends the connection with a reset (RST) instead of a clean close.
    func reset() {
        socket.setResetOnClose()
        close()
    }

    /// The connection failed or the server cut it: record any exchange as aborted and close.
    func abort() {
        if let exchange {
            if exchange.outcome == .complete { exchange.outcome = .aborted }
            finishExchange()
        }
        close()
    }

    func close() {
        guard phase != .closed else { return }
        if exchange != nil {
            abort()
            return
        }
        if let reader = bodyReader { finishUpload(reader) }
        phase = .closed
        cancelWake()
        engine.connectionClosed(self)
    }
}

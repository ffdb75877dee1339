import NetworkCore

/// Sending a response: its head, then its body from its source through the stages.
extension ServerConnection {
    /// The response (or the fault that replaces it) starts now.
    func startResponse() {
        guard let start = exchange?.responseStart(date: HTTPDate.now()) else { return }
        perform(machine.startResponse(start, now: now))
    }

    /// Sends what the response's pump allows; true when the response is finished (the state
    /// changed), false when it must wait for writability, a timer or its source.
    func pump() -> Bool {
        guard let exchange else { return false }
        // A body that waited for its source is paced again before it sends.
        engine.resumeFlow(exchange, owner: self, at: now)
        switch writer.send(ResponsePump(exchange), at: now, writable: writable, pacing: engine.downlink) {
        case .full:
            writable = false
        case .wake(let deadline):
            wake(at: deadline)
        case .awaitSource:
            engine.pauseFlow(exchange, at: now)
            exchange.plan?.body.whenReady { [self] in
                guard self.exchange === exchange, phase == .writing else { return }
                now = Instant.now()
                drive()
            }
        case .ended(let end):
            // The end of a response is an instant of its own, however long this event
            // spent sending: the journal's end, and where the idle timeout starts.
            now = Instant.now()
            // A stalled body no longer takes its share of the link.
            if end == .cut(.stall) { engine.detachFlow(exchange, at: now) }
            perform(machine.responseEnded(end, now: now))
            return true
        case .failed:
            abort()
        }
        return false
    }
}

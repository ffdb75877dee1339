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
        let pump = ResponsePump(exchange)
        while true {
            switch pump.next(at: now, writable: writable, pacing: engine.downlink) {
            case .write(let head, let body):
                switch writer.write(pump, head: head, budget: body) {
                case .wrote(let count, let full):
                    wrote(count, pump)
                    if full {
                        writable = false
                        return false
                    }
                case .full:
                    writable = false
                    return false
                case .failed:
                    abort()
                    return false
                }
            case .ended(let end):
                // The end of a response is an instant of its own, however long this event
                // spent sending: the journal's end, and where the idle timeout starts.
                now = Instant.now()
                // A stalled body no longer takes its share of the link.
                if end == .cut(.stall) { engine.detachFlow(exchange, at: now) }
                perform(machine.responseEnded(end, now: now))
                return true
            case .wake(let deadline):
                wake(at: deadline)
                return false
            case .awaitSource:
                engine.pauseFlow(exchange, at: now)
                exchange.plan?.body.whenReady { [self] in
                    guard self.exchange === exchange, phase == .writing else { return }
                    now = Instant.now()
                    drive()
                }
                return false
            case .abort:
                abort()
                return false
            case .blocked:
                return false
            }
        }
    }

    /// Counts a write of `count` bytes (head first) for the exchange, the server and the link.
    private func wrote(_ count: Int, _ pump: ResponsePump) {
        let exchange = pump.exchange
        let bodySent = pump.wrote(count, at: now)
        guard bodySent > 0 else { return }
        if exchange.shaped { engine.state.bodyBytesSent.add(Int64(bodySent), ordering: .relaxed) }
        if let flow = exchange.flow { engine.downlink.consume(flow, bytes: bodySent, at: now) }
    }
}

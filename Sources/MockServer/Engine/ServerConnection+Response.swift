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
        let pump = ResponsePump(exchange)
        while true {
            switch pump.next(at: now, writable: writable, pacing: engine.downlink) {
            case .write(let head, let body):
                guard send(pump, head: head, budget: body) else { return false }
            case .ended(let end):
                // The end of a response is an instant of its own, however long this event
                // spent sending: the journal's end, and where the idle timeout starts.
                now = Instant.now()
                // A stalled body no longer takes its share of the link.
                if end == .cut(.stall) { engine.detachFlow(exchange) }
                perform(machine.responseEnded(end, now: now))
                return true
            case .wake(let deadline):
                wake(at: deadline)
                return false
            case .awaitSource:
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

    /// One `send` of the `head` queued bytes and up to `budget` body bytes; false when the
    /// socket is full or the connection failed.
    func send(_ pump: ResponsePump, head headPart: Int, budget: Int64) -> Bool {
        let exchange = pump.exchange
        let scratch = engine.writeScratch
        let region: UnsafeRawBufferPointer
        if headPart == 0, budget > 0, let kept = scratch.kept(for: exchange, at: exchange.bodySent) {
            region = UnsafeRawBufferPointer(rebasing: kept[..<min(kept.count, Int(budget))])
        } else if headPart == 0, budget > 0, exchange.corruption == nil, let spliced = exchange.plan?.body as? SplicedUpstreamBody,
                  spliced.canSplice(at: (exchange.plan?.range.lowerBound ?? 0) + exchange.bodySent) {
            return splice(spliced, pump, budget: budget)
        } else {
            region = scratch.assemble(
                head: exchange.headBytes, from: exchange.headSent, count: headPart,
                bodyOffset: (exchange.plan?.range.lowerBound ?? 0) + exchange.bodySent, budget: budget
            ) { pump.readBody(into: $0) }
        }
        guard !region.isEmpty else {
            // A file shrank under us: what was announced can no longer be sent.
            exchange.outcome = .aborted
            exchange.error = "the fixture changed while it was being sent"
            abort()
            return false
        }
        guard let sent = moved({ () throws(SocketError) in try socket.send(region) }) else { return false }
        wrote(sent, pump)
        if sent < region.count {
            writable = false
            scratch.keepUnsent(of: region, sent: sent, headCount: headPart, for: exchange, at: exchange.bodySent)
            return false
        }
        return true
    }

    /// One splice of up to `budget` body bytes from the source's kernel pipe into the socket;
    /// false when the socket is full or the connection failed.
    private func splice(_ body: SplicedUpstreamBody, _ pump: ResponsePump, budget: Int64) -> Bool {
        let count = Int(min(budget, Int64(Int.max)))
        guard let sent = moved({ () throws(SocketError) in try body.splice(to: socket, upTo: count) }) else { return false }
        engine.state.splicedBodyBytes.add(Int64(sent), ordering: .relaxed)
        wrote(sent, pump)
        // A short splice may leave room: the next one finds out (it would block when full).
        return true
    }

    /// The bytes one socket call moved; nil when the socket is full (it is then no longer
    /// writable) or the connection failed (it is then aborted).
    private func moved(_ call: () throws(SocketError) -> Socket.IOResult) -> Int? {
        do {
            switch try call() {
            case .processed(let count): return count
            case .wouldBlock, .endOfStream:
                writable = false
                return nil
            }
        } catch {
            abort()
            return nil
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

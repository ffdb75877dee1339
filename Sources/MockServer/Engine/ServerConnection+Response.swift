import NetworkCore

/// Sending a response: its head, then its body from its source through the stages.
extension ServerConnection {
    /// The response (or the fault that replaces it) starts now.
    func startResponse() {
        guard let start = exchange?.responseStart(date: HTTPDate.now()) else { return }
        perform(machine.startResponse(start, now: now))
    }

    /// Sends what pacing, slicing and faults allow; true when the response is finished (the
    /// state changed), false when it must wait for writability or a timer.
    func pump() -> Bool {
        guard let exchange, let plan = exchange.plan else { return false }
        while true {
            if exchange.headRemaining == 0 && exchange.bodyBudget == 0 {
                // The end of a response is an instant of its own, however long this event
                // spent sending: the journal's end, and where the idle timeout starts.
                now = Instant.now()
                if exchange.reachedCut {
                    let action = exchange.cut?.action ?? .close
                    exchange.outcome = .fault
                    // A stalled body no longer takes its share of the link.
                    if action == .stall { engine.detachFlow(exchange) }
                    perform(machine.responseEnded(.cut(action), now: now))
                } else {
                    perform(machine.responseEnded(.complete, now: now))
                }
                return true
            }
            guard writable else { return false }
            var budget = exchange.bodyBudget
            if budget > 0 {
                switch sourceStep(exchange, plan.body) {
                case .send(let available):
                    budget = min(budget, Int64(available))
                case .wait:
                    if exchange.headRemaining == 0 { return false }
                    budget = 0
                case .ended:
                    continue
                case .aborted:
                    return false
                }
            }
            switch stages(exchange, budget: budget, at: now) {
            case .upTo(let bytes):
                budget = bytes
            case .waitUntil(let deadline):
                // The head (or chunk framing) may still go while the body waits.
                if exchange.headRemaining == 0 {
                    wake(at: deadline)
                    return false
                }
                budget = 0
            }
            guard send(exchange, plan: plan, budget: budget, now: now) else { return false }
        }
    }

    /// The link's pacing, then a `slice` fault's pieces.
    func stages(_ exchange: Exchange, budget: Int64, at now: Instant) -> Allowance {
        Allowance.upTo(budget).then { budget in
            guard let flow = exchange.flow else { return .upTo(budget) }
            return PacingStage.allowance(engine.downlink, flow: flow, budget: budget, at: now)
        }.then { budget in
            guard exchange.slicing != nil else { return .upTo(budget) }
            return exchange.slicing!.allowance(bodySent: exchange.bodySent, budget: budget, at: now)
        }
    }

    enum SourceStep {
        case send(Int)
        case wait
        case ended
        case aborted
    }

    /// What the body's source allows now: bytes it has ready (for a chunked body, their
    /// chunk-size line queued first), waiting (the source resumes the connection), or its end
    /// (the terminator queued, or the connection cut when it fell short of its length).
    func sourceStep(_ exchange: Exchange, _ body: any BodySource) -> SourceStep {
        switch body.readiness(at: exchange.bodySent) {
        case .ready(let count):
            if exchange.chunked && exchange.bodySent == exchange.announcedEnd {
                let separator = exchange.announcedEnd > 0 ? "\r\n" : ""
                exchange.queueFraming(separator + String(count, radix: 16) + "\r\n")
                exchange.announcedEnd += Int64(count)
            }
            return .send(count)
        case .waiting:
            body.whenReady { [self] in
                guard self.exchange === exchange, phase == .writing else { return }
                now = Instant.now()
                drive()
            }
            return .wait
        case .ended:
            // A proxied stream knows when its upstream broke off; a chunked body must not then
            // end as if it were complete.
            let failure = (body as? StreamBody)?.failure?()
            if let length = body.length {
                exchange.outcome = .aborted
                exchange.error = failure ?? "the response body ended after \(exchange.bodySent) of its \(length) bytes"
                abort()
                return .aborted
            }
            if let failure {
                exchange.outcome = .aborted
                exchange.error = failure
                abort()
                return .aborted
            }
            if exchange.chunked { exchange.queueFraming((exchange.announcedEnd > 0 ? "\r\n" : "") + "0\r\n\r\n") }
            exchange.bodyEnded = true
            if exchange.cut != nil {
                // The body ended before the cut: the fault changed nothing.
                exchange.cut = nil
                exchange.fault = nil
            }
            return .ended
        }
    }

    /// One `send` of the rest of the head and up to `budget` body bytes; false when the socket
    /// is full or the connection failed.
    func send(_ exchange: Exchange, plan: ResponsePlan, budget: Int64, now: Instant) -> Bool {
        let scratch = engine.writeScratch
        let region: UnsafeRawBufferPointer
        let headPart = exchange.headRemaining
        if headPart == 0, budget > 0, let kept = scratch.kept(for: exchange, at: exchange.bodySent) {
            region = UnsafeRawBufferPointer(rebasing: kept[..<min(kept.count, Int(budget))])
        } else {
            let buffer = scratch.claim()
            let bodyOffset = plan.range.lowerBound + exchange.bodySent
            let headCount = min(headPart, buffer.count - 8)
            // Start so the body lands on the payload's word boundaries: the generator then
            // writes whole words in place.
            let start = (Int(bodyOffset % 8) - headCount % 8 + 8) % 8
            exchange.headBytes.withUnsafeBytes { head in
                (buffer.baseAddress! + start).copyMemory(from: head.baseAddress! + exchange.headSent, byteCount: headCount)
            }
            var end = start + headCount
            let want = Int(min(budget, Int64(min(buffer.count - end, WriteScratch.bodyCapacity))))
            if want > 0 {
                let target = UnsafeMutableRawBufferPointer(rebasing: buffer[end..<(end + want)])
                let count = plan.body.read(into: target, at: bodyOffset)
                exchange.corruption?.apply(to: UnsafeMutableRawBufferPointer(rebasing: target[..<count]), bodyOffset: exchange.bodySent)
                end += count
            }
            region = UnsafeRawBufferPointer(rebasing: buffer[start..<end])
        }
        guard !region.isEmpty else {
            // A file shrank under us: what was announced can no longer be sent.
            exchange.outcome = .aborted
            exchange.error = "the fixture changed while it was being sent"
            abort()
            return false
        }
        let sent: Int
        do {
            switch try socket.send(region) {
            case .processed(let count): sent = count
            case .wouldBlock, .endOfStream:
                writable = false
                return false
            }
        } catch {
            abort()
            return false
        }
        if exchange.firstByteAt == nil { exchange.firstByteAt = now }
        let headSent = min(sent, headPart)
        exchange.headSent += headSent
        let bodySent = sent - headSent
        exchange.bodySent += Int64(bodySent)
        if exchange.shaped && bodySent > 0 { engine.state.bodyBytesSent.add(Int64(bodySent), ordering: .relaxed) }
        if bodySent > 0, let flow = exchange.flow {
            engine.downlink.consume(flow, bytes: bodySent, at: now)
        }
        if sent < region.count {
            writable = false
            if sent >= headPart {
                let base = region.baseAddress! - UnsafeRawPointer(scratch.buffer.baseAddress!)
                scratch.keep((base + sent)..<(base + region.count), for: exchange, at: exchange.bodySent)
            }
            return false
        }
        return true
    }
}

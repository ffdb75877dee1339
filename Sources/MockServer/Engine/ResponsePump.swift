import NetworkCore

/// Sending one response, without the socket: what the head, the body's source and the stages
/// (pacing, slicing, corruption, the cut) allow at an instant, and what a write the socket took
/// changes.
///
/// The server's `ServerConnection` and the tests' virtual server drive the same pump: the one
/// with a socket and timers, the other with a manual clock. It reads no clock and arms no
/// timer; its state is the ``Exchange``'s (bytes sent, chunk framing, the slice clock).
///
/// ```swift
/// let pump = ResponsePump(exchange)
/// switch pump.next(at: now, writable: true, pacing: downlink) {
/// case .write(let head, let body): sent = send(head, body); _ = pump.wrote(sent, at: now)
/// case .wake(let instant): arm a timer
/// ...
/// }
/// ```
struct ResponsePump {
    let exchange: Exchange

    init(_ exchange: Exchange) {
        self.exchange = exchange
    }

    /// What to do next.
    enum Step: Equatable {
        /// Write the `head` queued bytes (what remains of the head, chunk framing), then up to
        /// `body` body bytes; report what the socket took with ``wrote(_:at:)``.
        case write(head: Int, body: Int64)
        /// Something could go, but the socket is full: wait until it is writable.
        case blocked
        /// The source has nothing yet: wait for it (`BodySource.whenReady`).
        case awaitSource
        /// A stage holds the body until this instant.
        case wake(at: Instant)
        /// The response is over: complete, or cut by its fault (journalled as a fault).
        case ended(ExchangeMachine.ResponseEnd)
        /// The body can no longer be sent as announced (its source fell short or failed): the
        /// exchange says why, and the connection must close.
        case abort
    }

    /// The next step at `now`, with the socket `writable` or not, pacing against `pacing`
    /// (the exchange's flow, if it has one).
    func next(at now: Instant, writable: Bool, pacing: FairShareScheduler) -> Step {
        while true {
            if exchange.headRemaining == 0 && exchange.bodyBudget == 0 {
                guard exchange.reachedCut else { return .ended(.complete) }
                exchange.outcome = .fault
                return .ended(.cut(exchange.cut?.action ?? .close))
            }
            guard writable else { return .blocked }
            var budget = exchange.bodyBudget
            if budget > 0, let plan = exchange.plan {
                switch source(plan.body) {
                case .send(let available):
                    budget = min(budget, Int64(available))
                case .wait:
                    if exchange.headRemaining == 0 { return .awaitSource }
                    budget = 0
                case .ended:
                    continue
                case .aborted:
                    return .abort
                }
            }
            switch stages(budget: budget, pacing: pacing, at: now) {
            case .upTo(let bytes):
                return .write(head: exchange.headRemaining, body: bytes)
            case .waitUntil(let deadline):
                // The head (or chunk framing) may still go while the body waits.
                if exchange.headRemaining == 0 { return .wake(at: deadline) }
                return .write(head: exchange.headRemaining, body: 0)
            }
        }
    }

    /// Copies body bytes from where the body stands into `buffer` (at most its size, which
    /// must not exceed what ``next(at:writable:pacing:)`` allowed), corrupted as the fault
    /// says; returns how many (fewer only when a file shrank under us).
    func readBody(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard let plan = exchange.plan else { return 0 }
        let count = plan.body.read(into: buffer, at: plan.range.lowerBound + exchange.bodySent)
        exchange.corruption?.apply(to: UnsafeMutableRawBufferPointer(rebasing: buffer[..<count]), bodyOffset: exchange.bodySent)
        return count
    }

    /// The socket took `count` bytes of a write at `now` (the queued head bytes first); returns
    /// how many of them were body bytes, for the caller's pacing and counters.
    func wrote(_ count: Int, at now: Instant) -> Int {
        if exchange.firstByteAt == nil { exchange.firstByteAt = now }
        let head = min(count, exchange.headRemaining)
        exchange.headSent += head
        exchange.bodySent += Int64(count - head)
        return count - head
    }

    /// The link's pacing, then a `slice` fault's pieces.
    private func stages(budget: Int64, pacing: FairShareScheduler, at now: Instant) -> Allowance {
        Allowance.upTo(budget).then { budget in
            guard let flow = exchange.flow else { return .upTo(budget) }
            return PacingStage.allowance(pacing, flow: flow, budget: budget, at: now)
        }.then { budget in
            guard exchange.slicing != nil else { return .upTo(budget) }
            return exchange.slicing!.allowance(bodySent: exchange.bodySent, budget: budget, at: now)
        }
    }

    private enum SourceStep {
        case send(Int)
        case wait
        case ended
        case aborted
    }

    /// What the body's source allows now: bytes it has ready (for a chunked body, their
    /// chunk-size line queued first), nothing yet, or its end (the terminator queued, or the
    /// exchange marked aborted when it fell short of its length or failed).
    private func source(_ body: any BodySource) -> SourceStep {
        switch body.readiness(at: exchange.bodySent) {
        case .ready(let count):
            if exchange.chunked && exchange.bodySent == exchange.announcedEnd {
                let separator = exchange.announcedEnd > 0 ? "\r\n" : ""
                exchange.queueFraming(separator + String(count, radix: 16) + "\r\n")
                exchange.announcedEnd += Int64(count)
            }
            return .send(count)
        case .waiting:
            return .wait
        case .ended:
            // A proxied stream knows when its upstream broke off; a chunked body must not then
            // end as if it were complete.
            let failure = (body as? StreamBody)?.failure?() ?? (body as? UpstreamSocketBody)?.failure
            if let length = body.length {
                exchange.outcome = .aborted
                exchange.error = failure ?? "the response body ended after \(exchange.bodySent) of its \(length) bytes"
                return .aborted
            }
            if let failure {
                exchange.outcome = .aborted
                exchange.error = failure
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
}

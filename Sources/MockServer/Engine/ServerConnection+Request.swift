import NetworkCore

/// Answering a request the machine hands over: reading its body at the upload pacing's rate,
/// streaming it to the handler that asks for it, and starting the answer its ``Responder`` decides.
extension ServerConnection {
    /// How many body bytes the upload pacing lets the server take now: a whole chunk of credit
    /// (or the rest of the body) at a time, the same pacing stage as response bodies; nil, with
    /// a timer for that chunk, when none (taking every trickle of credit would spin the loop).
    /// A streamed body's timer is its own (`wake`): the response's timers run meanwhile.
    func uploadAllowance(wake: ((Instant) -> Void)? = nil) -> Int? {
        guard let flow = upload?.flow else { return .max }
        switch PacingStage.allowance(engine.uplink, flow: flow, budget: machine.bodyRemaining ?? .max, at: now) {
        case .waitUntil(let deadline):
            if let wake { wake(deadline) } else { self.wake(at: deadline) }
            return nil
        case .upTo(let bytes):
            return Int(clamping: bytes)
        }
    }

    /// Refuses a request with a text answer; the connection closes after it.
    func answer(_ rejection: ExchangeRejection) {
        exchange = Exchange.refusing(rejection, earlier: exchange, state: engine.state, now: now)
        startResponse()
    }

    /// A whole request is in: let the responder answer it, and start the answer when it comes,
    /// if this connection still waits for it.
    func answer(_ request: ExchangeRequest) {
        let exchange = Exchange.answering(request, state: engine.state)
        self.exchange = exchange
        if request.streamsBody {
            exchange.streamedBody = RecordedRequestBody(limit: Exchange.keptBodyLimit)
            requestFeed = RequestBodyFeed(length: request.bodyLength, loop: engine.loop, resume: { [weak self] in
                self?.now = Instant.now()
                self?.drive()
            }, demanded: { [weak self] in
                guard let self else { return }
                now = Instant.now()
                perform(machine.bodyDemanded())
            })
        }
        let clientAddress = { [socket] in (try? socket.peerAddress().host) ?? "127.0.0.1" }
        engine.responder.answer(
            request, exchange: exchange, now: now, clientAddress: clientAddress, bodyStream: requestFeed?.stream, to: self
        )
    }

    /// Moves what the handler has room for (and the upload pacing allows) from the socket
    /// through the machine's framing into the body's stream; true when the machine acted (the
    /// state may have changed), false when it must wait for the client, the pacing or the handler.
    func streamBody() -> Bool {
        guard let feed = requestFeed else { return false }
        let room = feed.availableRoom()
        guard room > 0, let upload = uploadAllowance(wake: feed.wake) else { return false }
        return advance(allowance: min(room, upload))
    }

    /// The streamed body is over: its handler gets its end, or why it broke off.
    func endStream(_ end: StreamEnd) {
        guard let feed = requestFeed else { return }
        requestFeed = nil
        if end == .complete { exchange?.requestEndedAt = now }
        if case .failed(let reason) = end { exchange?.error = reason }
        feed.end(end)
    }
}

extension ServerConnection: Responder.Waiter {
    func take(_ answer: Responder.Answer, for exchange: Exchange, known: Instant) -> Bool {
        guard self.exchange === exchange, phase == .waiting else { return false }
        now = known
        switch answer {
        case .refuse(let message):
            perform(machine.reject(status: 400, message: message, head: exchange.head))
        case .start(let plan, let startAt):
            exchange.settle(plan)
            if startAt > now { wake(at: startAt) } else { startResponse() }
        }
        return true
    }

    func interim(_ head: HTTPResponseHead, for exchange: Exchange) {
        guard self.exchange === exchange else { return }
        perform(machine.interim(head.serialized()))
    }
}

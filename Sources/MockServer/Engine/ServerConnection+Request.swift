import NetworkCore

/// Answering a request the machine hands over: pacing its upload, routing it, deciding its
/// link and fault, running its handler, and preparing the response.
extension ServerConnection {
    /// A request body starts: pace it under its query's upload cap, else the link's, sharing
    /// the upload link.
    func startUpload(_ head: HTTPRequestHead) {
        let link = engine.state.link
        let cap = link.uploadCap(query: head.query)
        guard cap != nil || link.uploadLinkBandwidth != nil else { return }
        uploadFlow = engine.addUploadFlow(cap: cap, owner: self)
    }

    /// How many body bytes the upload pacing lets the server take now: a whole chunk of credit
    /// (or the rest of the body) at a time, the same pacing stage as response bodies; nil, with
    /// a timer for that chunk, when none (taking every trickle of credit would spin the loop).
    /// A streamed body's timer is its own (`wake`): the response's timers run meanwhile.
    func uploadAllowance(wake: ((Instant) -> Void)? = nil) -> Int? {
        guard let flow = uploadFlow else { return .max }
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

    /// Refuses the request just dispatched (a bad query parameter).
    func reject(status: Int, message: String, head: HTTPRequestHead) {
        perform(machine.reject(status: status, message: message, head: head))
    }

    /// A whole request is in: route it, decide link and faults, and start the response.
    func answer(_ request: ExchangeRequest) {
        let state = engine.state
        let (head, body) = (request.head, request.body)
        let exchange = Exchange(journalID: state.journal.nextID(), head: head, receivedAt: request.headAt, seed: state.seed)
        exchange.requestEndedAt = request.streamsBody ? nil : request.endedAt
        if !body.isEmpty { exchange.requestBody = body }
        self.exchange = exchange
        if request.streamsBody { openStream(length: request.bodyLength) }
        switch Dispatch.decide(request, exchange: exchange, state: state) {
        case .refuse(let message):
            reject(status: 400, message: message, head: head)
        case .respond(let plan, let delay):
            prepare(plan, startAt: now + delay)
        case .handle(let route, let parameters, let context, let delay):
            runHandler(route, parameters: parameters, context: context, ordinal: exchange.ordinal, delay: delay)
        }
    }

    /// Runs the handler as a task; its response starts `delay` (the link's) after the handler
    /// returns, as a server's think time and the network's delay add up on a real link.
    func runHandler(_ route: Route, parameters: [String: String], context: RequestContext, ordinal: Int, delay: Duration) {
        let head = context.head
        var request = MockServer.Request(
            method: head.method, path: PercentEncoding.decode(head.path) ?? head.path, query: context.query,
            headers: head.headers, body: context.body, parameters: parameters, target: head.target,
            clientAddress: (try? socket.peerAddress().host) ?? "127.0.0.1", seed: engine.state.seed, ordinal: ordinal
        )
        request.version = head.version
        request.bodyStream = requestStream
        let bound = LoopBound((self, exchange))
        let loop = engine.loop
        let handler = route.handler
        Task(executorPreference: HandlerExecutor.shared) {
            let response: MockServer.Response
            do {
                response = try await handler(request).checked()
            } catch {
                response = .text("the route's handler failed: \(error)", status: 500)
            }
            loop.execute {
                let (connection, exchange) = bound.value
                guard connection.phase == .waiting, connection.exchange === exchange, let exchange else {
                    ResponsePlan(response, context: context, loop: loop).body.cancel()
                    return
                }
                exchange.upstreamTimeToFirstByte = response.upstreamTimeToFirstByte
                connection.now = Instant.now()
                connection.prepare(ResponsePlan(response, context: context, loop: loop), startAt: connection.now + delay)
            }
        }
    }

    /// Adds the representation digest if asked for (computing it off the loop when it is not
    /// cached), applies the fault, and starts the response at `startAt`.
    func prepare(_ plan: ResponsePlan, startAt: Instant) {
        guard let exchange else { return }
        var plan = plan
        if let head = exchange.head, DigestCache.wantsSHA256(head.headers["Want-Repr-Digest"]),
           (200...299).contains(plan.status), plan.headers["Repr-Digest"] == nil {
            switch engine.state.digests.lookup(plan.body) {
            case .cached(let digest):
                plan.headers.set("Repr-Digest", digest)
            case .computing(let key):
                let bound = LoopBound((self, exchange, plan))
                let loop = engine.loop
                engine.state.digests.compute(key, body: plan.body) { digest in
                    loop.execute {
                        let (connection, waiting, plan) = bound.value
                        guard connection.exchange === waiting, connection.phase == .waiting else { return }
                        connection.now = Instant.now()
                        var withDigest = plan
                        withDigest.headers.set("Repr-Digest", digest)
                        connection.prepare(withDigest, startAt: startAt)
                    }
                }
                return
            case .notApplicable:
                break
            }
        }
        exchange.settle(plan)
        if startAt > now {
            wake(at: startAt)
        } else {
            startResponse()
        }
    }
}

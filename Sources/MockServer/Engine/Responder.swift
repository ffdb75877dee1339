import NetworkCore

/// The way from a whole request to the plan of its response, however long that takes.
///
/// Routing, the link's delay and the fault are decided at once (``Dispatch``). A route's
/// handler runs as a task on ``HandlerExecutor``, and a representation digest that is not
/// cached yet is computed off the loop (``DigestCache``); each comes back to the loop as an
/// event of its own. The socket driver hands the request over and acts on the answer, if its
/// connection still waits for it: it keeps to bytes and timers. *Loop only.*
struct Responder {
    let state: ServerState
    let loop: EventLoop

    /// What a request gets.
    enum Answer {
        /// 400 with this message: the query is bad (``Dispatch/refuse(message:)``).
        case refuse(String)
        /// This plan, starting at that instant (the link's delay after the answer was known).
        case start(ResponsePlan, at: Instant)
    }

    /// Who waits for an answer: the connection that dispatched the request. *Loop only.*
    protocol Waiter: AnyObject {
        /// Takes the answer for `exchange`, known at `known` (the clock read for that event);
        /// false when the connection no longer waits for it (it was cut, closed or timed out
        /// meanwhile), and the plan's body is then released.
        func take(_ answer: Answer, for exchange: Exchange, known: Instant) -> Bool
        /// Sends `head`, an interim response from `exchange`'s handler, if the connection
        /// still waits for that exchange's answer.
        func interim(_ head: HTTPResponseHead, for exchange: Exchange)
    }

    /// Decides `request`'s answer on `exchange` (which the driver made for it and journals) and
    /// hands it to `waiter`: at once, known at `now`, or later from the loop. A handler sees the
    /// client's address (asked only then) and the stream the request's body arrives on.
    func answer(
        _ request: ExchangeRequest, exchange: Exchange, now: Instant,
        clientAddress: () -> String, bodyStream: (any RequestBodySource)?, to waiter: any Waiter
    ) {
        switch Dispatch.decide(request, exchange: exchange, state: state) {
        case .refuse(let message):
            _ = waiter.take(.refuse(message), for: exchange, known: now)
        case .respond(let plan, let delay):
            complete(plan, exchange: exchange, startAt: now + delay, known: now, waiter: waiter)
        case .handle(let route, let parameters, let context, let delay):
            let head = context.head
            var handlerRequest = MockServer.Request(
                method: head.method, path: PercentEncoding.decode(head.path) ?? head.path, query: context.query,
                headers: head.headers, body: context.body, parameters: parameters, target: head.target,
                clientAddress: clientAddress(), seed: state.seed, ordinal: exchange.ordinal
            )
            handlerRequest.version = head.version
            handlerRequest.bodyStream = bodyStream
            let bound = LoopBound((exchange, waiter))
            let (handler, state, loop) = (route.handler, state, loop)
            // Weakly: the request may outlive the exchange (a proxy's recorder keeps it), and
            // would then keep the connection and its server alive.
            let target = LoopBound(InterimTarget(exchange: exchange, waiter: waiter))
            handlerRequest.interim = { interim in
                loop.execute {
                    guard let exchange = target.value.exchange, let waiter = target.value.waiter else { return }
                    waiter.interim(interim, for: exchange)
                }
            }
            Task(executorPreference: HandlerExecutor.shared) {
                let response: MockServer.Response
                do {
                    response = try await handler(handlerRequest).checked()
                } catch {
                    response = .failed("the route's handler failed: \(error)")
                }
                loop.execute {
                    let (exchange, waiter) = bound.value
                    exchange.upstreamTimeToFirstByte = response.upstreamTimeToFirstByte
                    exchange.error = response.failure
                    // A server's think time and the network's delay add up on a real link.
                    let known = Instant.now()
                    Responder(state: state, loop: loop).complete(
                        ResponsePlan(response, context: context, loop: loop), exchange: exchange, startAt: known + delay, known: known, waiter: waiter
                    )
                }
            }
        }
    }

    /// Where a handler's interim heads go, held weakly.
    private struct InterimTarget {
        weak var exchange: Exchange?
        weak var waiter: (any Waiter)?
    }

    /// Adds the representation digest if the request asks for one and the plan lacks it, then
    /// delivers the plan.
    private func complete(_ plan: ResponsePlan, exchange: Exchange, startAt: Instant, known: Instant, waiter: any Waiter) {
        var plan = plan
        if let head = exchange.head, DigestCache.wantsSHA256(head.headers["Want-Repr-Digest"]),
           (200...299).contains(plan.status), plan.headers["Repr-Digest"] == nil {
            switch state.digests.lookup(plan.body) {
            case .cached(let digest):
                plan.headers.set("Repr-Digest", digest)
            case .computing(let key):
                let bound = LoopBound((plan, exchange, waiter))
                let loop = loop
                state.digests.compute(key, body: plan.body) { digest in
                    loop.execute {
                        let (plan, exchange, waiter) = bound.value
                        var withDigest = plan
                        withDigest.headers.set("Repr-Digest", digest)
                        Self.deliver(withDigest, exchange: exchange, startAt: startAt, known: Instant.now(), to: waiter)
                    }
                }
                return
            case .notApplicable:
                break
            }
        }
        Self.deliver(plan, exchange: exchange, startAt: startAt, known: known, to: waiter)
    }

    private static func deliver(_ plan: ResponsePlan, exchange: Exchange, startAt: Instant, known: Instant, to waiter: any Waiter) {
        if !waiter.take(.start(plan, at: startAt), for: exchange, known: known) { plan.body.cancel() }
    }
}

import NetworkCore

/// How an exchange starts (answering a request, or refusing one) and how its response starts:
/// a refusal's text, the fault that replaces the response, or the plan's head.
extension Exchange {
    /// The exchange answering a request the machine dispatched, numbered for the journal; its
    /// body, when read before the answer, kept for the journal too.
    static func answering(_ request: ExchangeRequest, state: ServerState) -> Exchange {
        let exchange = Exchange(journalID: state.journal.nextID(), head: request.head, receivedAt: request.headAt, seed: state.seed)
        exchange.requestEndedAt = request.streamsBody ? nil : request.endedAt
        if !request.body.isEmpty { exchange.requestBody = request.body }
        return exchange
    }

    /// An exchange answering `rejection` with a text response. A request refused after it was
    /// numbered (`earlier`: a bad query) keeps its number and start.
    static func refusing(_ rejection: ExchangeRejection, earlier: Exchange?, state: ServerState, now: Instant) -> Exchange {
        let exchange = Exchange(
            journalID: earlier?.journalID ?? state.journal.nextID(), head: rejection.head,
            receivedAt: earlier?.receivedAt ?? rejection.headAt ?? now, seed: state.seed
        )
        exchange.outcome = .rejected
        exchange.error = rejection.message
        var plan = ResponsePlan.text(rejection.status, rejection.message)
        plan.omitBody = rejection.head?.method == .head
        exchange.plan = plan
        return exchange
    }

    /// What the exchange machine starts: the fault that replaces the response (journalled as a
    /// fault), or the plan's head with `date` unless it has its own. Nil before there is a plan.
    func responseStart(date: String) -> ExchangeMachine.ResponseStart? {
        guard let plan else { return nil }
        switch immediate {
        case .reset:
            outcome = .fault
            return .reset
        case .close:
            outcome = .fault
            return .close
        case .malformed:
            self.plan?.omitBody = true
            return .malformed(Fault.malformedResponse)
        case .none:
            status = plan.status
            return .head(status: plan.status, headers: plan.headers, length: plan.body.length == nil ? nil : plan.contentLength, date: date)
        }
    }
}

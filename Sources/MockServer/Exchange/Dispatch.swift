import NetworkCore

/// What the server does with a whole request, decided before any byte of the answer: the
/// route, the link's delay and the fault. The socket driver and `VirtualServer` both act on
/// it, so that the two cannot decide differently.
enum Dispatch {
    /// Answer 400 with `message`: the query is not percent-encoded UTF-8, or one of its link
    /// or fault parameters is out of range (unless the route passes its query through).
    case refuse(message: String)
    /// Send `plan`, starting `delay` after the whole request came in.
    case respond(ResponsePlan, delay: Duration)
    /// Run the route's handler; its response starts `delay` after the handler returns.
    case handle(Route, parameters: [String: String], context: RequestContext, delay: Duration)

    /// Routes `request` through `state`'s table and decides its link and fault on `exchange`
    /// (which the caller made for it and journals).
    static func decide(_ request: ExchangeRequest, exchange: Exchange, state: ServerState) -> Dispatch {
        let items = QueryItems(request.head.query ?? "").map(Array.init)
        let context = RequestContext(head: request.head, query: items ?? [], body: request.body, state: state)
        let outcome = state.table.route(context)
        if case .custom(let route, let parameters) = outcome, route.passesQueryThrough {
            let unread = RequestContext(head: request.head, query: [], body: request.body, state: state)
            // Without query parameters there is nothing to refuse.
            let delay = (try? exchange.decideLinkAndFault(unread, routeFaults: route.faults, firstOnConnection: request.firstOnConnection)) ?? .zero
            return .handle(route, parameters: parameters, context: context, delay: delay)
        }
        guard items != nil else {
            return .refuse(message: "the query string is not valid percent-encoded UTF-8")
        }
        do {
            switch outcome {
            case .plan(let plan, control: true):
                // The control endpoints are never shaped or faulted: a test can always steer.
                exchange.shaped = false
                return .respond(plan, delay: .zero)
            case .plan(let plan, control: false):
                let delay = try exchange.decideLinkAndFault(context, routeFaults: nil, firstOnConnection: request.firstOnConnection)
                return .respond(plan, delay: delay)
            case .custom(let route, let parameters):
                let delay = try exchange.decideLinkAndFault(context, routeFaults: route.faults, firstOnConnection: request.firstOnConnection)
                return .handle(route, parameters: parameters, context: context, delay: delay)
            case .recorded(let plan, let wait, let slices):
                // The recording's own wait and pace stand in for the link's latency.
                _ = try exchange.decideLinkAndFault(context, routeFaults: nil, firstOnConnection: request.firstOnConnection)
                exchange.slicing = slices.map { SliceStage(bytes: $0.bytes, delay: $0.delay) }
                return .respond(plan, delay: wait)
            }
        } catch {
            return .refuse(message: error.message)
        }
    }
}

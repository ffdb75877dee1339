import NetworkCore

/// Maps a request to what answers it: a custom route, a built-in endpoint, or 404/405.
enum Router {
    /// What answers a request.
    enum Outcome {
        /// A built-in endpoint's response. `control` marks `/_lab/*`, which faults and
        /// link shaping never touch, so a test can always inspect and steer the server.
        case plan(ResponsePlan, control: Bool)
        /// A custom route's handler must run.
        case custom(Route, parameters: [String: String])
    }

    /// The custom route for a request head, if any matches (decided before the body is read,
    /// so only those requests keep their body in memory).
    static func customRoute(for head: HTTPRequestHead, state: ServerState) -> (Route, [String: String])? {
        // A proxy forwards everything but its own control endpoints.
        if let forward = state.forwardRoute, !(state.controlEndpoints && head.path.hasPrefix("/_lab/")) {
            return (forward, [:])
        }
        guard !state.routes.isEmpty, let path = PercentEncoding.decode(head.path) else { return nil }
        for route in state.routes where route.answers(head.method) {
            if let parameters = route.match(path: path) { return (route, parameters) }
        }
        return nil
    }

    static func route(_ context: RequestContext) -> Outcome {
        if let (route, parameters) = customRoute(for: context.head, state: context.state) {
            return .custom(route, parameters: parameters)
        }
        let path = context.head.path
        let segments = path.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let first = segments.count > 1 ? segments[1].prefix { $0 != "/" } : ""
        let rest = path.dropFirst(first.count + 2)
        let hasRest = path.count > first.count + 1

        switch first {
        case "bytes" where hasRest && !rest.contains("/"):
            return .plan(allowing([.get, .head], context) { BytesEndpoint.respond(size: String(rest), context) }, control: false)
        case "fixtures" where hasRest:
            return .plan(allowing([.get, .head], context) { FixturesEndpoint.respond(path: String(rest), context) }, control: false)
        case "status" where hasRest && !rest.contains("/"):
            return .plan(StatusEndpoint.respond(code: String(rest), context), control: false)
        case "_lab" where context.state.controlEndpoints:
            return .plan(ControlEndpoints.respond(path: String(rest), context), control: true)
        case "" where path == "/":
            return .plan(allowing([.get, .head], context) { .text(200, index) }, control: false)
        default:
            return .plan(.text(404, "\(path) is not an endpoint of this server; GET / lists them"), control: false)
        }
    }

    /// Runs `respond` when the method is allowed, else answers 405 with `Allow`.
    static func allowing(_ methods: [RequestMethod], _ context: RequestContext, _ respond: () -> ResponsePlan) -> ResponsePlan {
        guard methods.contains(context.method) else {
            let allowed = methods.map(\.rawValue).joined(separator: ", ")
            var plan = ResponsePlan.text(405, "\(context.method) is not allowed here; use \(allowed)")
            plan.headers.set("Allow", allowed)
            return plan
        }
        return respond()
    }

    static let index = """
        NetworkLab MockServer
          GET|HEAD /bytes/{size}        deterministic bytes (4096, 10MB, 1.5GiB); ?seed=N; Range; Want-Repr-Digest: sha-256
          GET|HEAD /fixtures/{path}     files from the fixtures folder; Range
          ANY      /status/{code}       that status with a short body
          GET      /_lab/journal        every request served (DELETE clears it)
          GET|PUT  /_lab/link           the emulated link as JSON
          GET|PUT  /_lab/faults         the injected faults as JSON
        Any endpoint takes latency=, jitter=, bandwidth=, fault=, fault-rate=, fault-first=, retry-after=.
        """
}

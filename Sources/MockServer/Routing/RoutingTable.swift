import NetworkCore

/// The one table that maps a request to what answers it: the user's routes first, in the
/// order given, then the built-in endpoint groups; a path that some entry knows but not for
/// this method answers 405 with `Allow`, and any other path 404.
struct RoutingTable: Sendable {
    /// What answers a request.
    enum Outcome {
        /// A built-in endpoint's response (or the 404 or 405). `control` marks `/_lab/*`,
        /// which faults and link shaping never touch, so a test can always inspect and steer
        /// the server.
        case plan(ResponsePlan, control: Bool)
        /// A custom route's handler must run.
        case custom(Route, parameters: [String: String])
        /// A recorded response replayed with its recorded timing (`Replay.Timing.recorded`):
        /// its wait instead of the link's latency, its body spread over its receive time.
        case recorded(ResponsePlan, wait: Duration, slices: (bytes: Int, delay: Duration)?)
    }

    private let routes: [Route]
    private let groups: [EndpointGroup]
    /// Recorded exchanges, consulted after the user's routes and before the built-in endpoints.
    private let replay: ReplaySession?
    /// A proxy's catch-all route, which answers everything but the control endpoints and,
    /// beside recordings, the requests they answer.
    private let forward: Route?
    private let controlEndpoints: Bool

    init(routes: [Route], controlEndpoints: Bool, replay: ReplaySession? = nil, forward: Route? = nil) {
        self.routes = routes
        self.forward = forward
        self.controlEndpoints = controlEndpoints
        groups = EndpointGroup.builtIn.filter { !$0.control || controlEndpoints }
        self.replay = replay
    }

    /// The route for a request head, if any matches (decided before the body is read, so that
    /// only the requests that need their body keep it in memory): the user's routes first, then
    /// httpbin's endpoints, whose paths no other built-in endpoint takes.
    func customRoute(for head: HTTPRequestHead) -> (Route, [String: String])? {
        if let forward, forwards(head) {
            // Beside recordings the proxy takes their misses only (`--replay-miss proxy`).
            return replay?.hasRecording(for: head) == true ? nil : (forward, [:])
        }
        guard let path = PercentEncoding.decode(head.path) else { return nil }
        for route in routes where route.answers(head.method) {
            if let parameters = route.match(path: path) { return (route, parameters) }
        }
        // A recording of the same request answers it, not httpbin's endpoint of that path.
        if replay?.hasRecording(for: head) == true { return nil }
        return HTTPBin.route(method: head.method, path: path)
    }

    /// Whether the proxy's route takes this request (if no recording answers it): not a
    /// CONNECT, whose tunnel a reverse proxy does not open.
    private func forwards(_ head: HTTPRequestHead) -> Bool {
        head.method != .connect && !(controlEndpoints && head.path.hasPrefix("/_lab/"))
    }

    /// Whether the request's body is kept for whatever answers it.
    func needsBody(_ head: HTTPRequestHead) -> Bool {
        customRoute(for: head) != nil || head.path.hasPrefix("/_lab/") || replay?.needsBody == true
            || (forward != nil && forwards(head))
    }

    /// How a request body's upload is paced, decided from its head as the body starts.
    enum UploadPacing: Equatable {
        /// Not at all: a control endpoint's, whose answer the link never shapes either, so that
        /// a test can always steer.
        case unpaced
        /// Under the link alone: a route that passes its query through (a proxy's) leaves its
        /// `upload-bandwidth` to the upstream.
        case link
        /// Under the query's `upload-bandwidth`, else the link's.
        case queryOrLink
    }

    /// How the body of the request `head` starts is paced.
    func uploadPacing(for head: HTTPRequestHead) -> UploadPacing {
        if let (route, _) = customRoute(for: head) { return route.passesQueryThrough ? .link : .queryOrLink }
        return controlEndpoints && head.path.hasPrefix("/_lab/") ? .unpaced : .queryOrLink
    }

    /// The cap on a request body that streams to the proxy's route as it arrives, or nil when
    /// the body is read first (every other route, a recording that may match on the body).
    /// Beside recordings matched on the head alone, a miss is known from its head and streams too.
    func streamedBodyLimit(for head: HTTPRequestHead) -> Int64? {
        guard let forward, let limit = forward.streamedBodyLimit, forwards(head) else { return nil }
        if let replay, replay.needsBody || replay.hasRecording(for: head) { return nil }
        return limit
    }

    func route(_ context: RequestContext) -> Outcome {
        let head = context.head
        if let (route, parameters) = customRoute(for: head) {
            return .custom(route, parameters: parameters)
        }
        if let answer = Self.serverWide(head) { return .plan(answer, control: false) }
        if let replay, !head.path.hasPrefix("/_lab/"), let outcome = replay.outcome(for: context) {
            return outcome
        }
        // A recorded request whose body matched no recording (`--replay-match-body`).
        if let forward, forwards(head) { return .custom(forward, parameters: [:]) }
        var allowed: [RequestMethod] = []
        var allControl = true
        if !routes.isEmpty, let path = PercentEncoding.decode(head.path) {
            for route in routes where route.match(path: path) != nil {
                allowed += route.method.map { $0 == .get ? [.get, .head] : [$0] } ?? []
                allControl = false
            }
        }
        var fallbacks: [(Endpoint, [String: String], control: Bool)] = []
        for group in groups {
            for endpoint in group.endpoints {
                guard let captures = endpoint.pattern.match(head.path) else { continue }
                if endpoint.fallback {
                    fallbacks.append((endpoint, captures, group.control))
                } else if endpoint.answers(head.method) {
                    return .plan(endpoint.respond(context, captures), control: group.control)
                } else {
                    allowed += endpoint.methods ?? []
                    allControl = allControl && group.control
                }
            }
        }
        if !allowed.isEmpty {
            return .plan(Self.notAllowed(head.method, allowed: allowed), control: allControl)
        }
        if let (endpoint, captures, control) = fallbacks.first {
            return .plan(endpoint.respond(context, captures), control: control)
        }
        if let replay, !head.path.hasPrefix("/_lab/") { return replay.miss(context) }
        return .plan(.text(404, "\(head.path) is not an endpoint of this server; GET / lists them"), control: false)
    }

    /// The answer to a request whose target names no resource (RFC 9112 §3.2.3-4): `OPTIONS *`
    /// asks about the server itself (204: nothing optional to announce); CONNECT asks for a
    /// tunnel, which only a forward proxy opens (501, as for a method not implemented).
    private static func serverWide(_ head: HTTPRequestHead) -> ResponsePlan? {
        if head.method == .connect {
            return .text(501, "CONNECT asks for a tunnel, which only a forward proxy opens; this server is not one")
        }
        return head.method == .options && head.path == "*" ? ResponsePlan(status: 204) : nil
    }

    /// 405 with `Allow` listing `allowed` (each once, in order).
    private static func notAllowed(_ method: RequestMethod, allowed: [RequestMethod]) -> ResponsePlan {
        var unique: [RequestMethod] = []
        for method in allowed where !unique.contains(method) { unique.append(method) }
        let list = unique.map(\.rawValue).joined(separator: ", ")
        var plan = ResponsePlan.text(405, "\(method) is not allowed here; use \(list)")
        plan.headers.set("Allow", list)
        return plan
    }
}

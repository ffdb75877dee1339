import NetworkCore

/// httpbin's endpoints (httpbin 0.10: its paths, parameters and JSON keys), served in process
/// so that a test suite written against `https://httpbin.org` runs offline by swapping its base
/// URL for the server's, under any emulated link and faults.
///
/// The router tries these after the user's routes. Where httpbin differs from this server's
/// promises (randomness, reaching other hosts, unbounded sizes), the endpoints keep this
/// server's: see the README's httpbin section.
enum HTTPBin {
    /// Every endpoint, one group per file.
    static let routes: [Route] = (HTTPBinEcho.routes + HTTPBinRedirects.routes + HTTPBinStatus.routes
        + HTTPBinStreams.routes + HTTPBinEncodings.routes + HTTPBinAuth.routes
        + HTTPBinCookiesAndCaching.routes + HTTPBinFormats.routes).map(withCORS)

    /// The route for `method` and `path` (percent-decoded); a path whose endpoints do not take
    /// `method` gets a route that answers 405 with `Allow`, as httpbin does.
    static func route(method: RequestMethod, path: String) -> (Route, [String: String])? {
        // Most requests to a lab server are for /bytes and /fixtures: one set lookup sends
        // them on without matching every pattern.
        guard firstSegments.contains(firstSegment(path)) else { return nil }
        var allowed: [RequestMethod] = []
        for route in routes {
            guard let parameters = route.match(path: path) else { continue }
            if route.answers(method) { return (route, parameters) }
            if let method = route.method { allowed += method == .get ? [.get, .head] : [method] }
        }
        guard !allowed.isEmpty else { return nil }
        let allow = (allowed + [.options]).map(\.rawValue).joined(separator: ", ")
        if method == .options {
            // A CORS preflight, answered as Flask and httpbin answer it.
            return (withCORS(Route(nil, path) { _ in .empty(status: 200, headers: ["Allow": allow]) }), [:])
        }
        return (withCORS(Route(nil, path) { request in
            var response = MockServer.Response.text("\(request.method) is not allowed here; use \(allow)\n", status: 405)
            response.headers.set("Allow", allow)
            return response
        }), [:])
    }

    /// The first segments of the endpoints' paths (`get`, `digest-auth`, ...).
    static let firstSegments = Set(routes.map { firstSegment($0.path) })

    static func firstSegment(_ path: String) -> Substring {
        path.dropFirst().prefix { $0 != "/" }
    }

    /// `route` with httpbin's CORS headers on every answer: any origin, with credentials, and
    /// on `OPTIONS` the methods and requested headers a preflight asks about.
    static func withCORS(_ route: Route) -> Route {
        var wrapped = route
        let handler = route.handler
        wrapped.handler = { request in
            var response = try await handler(request)
            response.headers.set("Access-Control-Allow-Origin", request.headers["Origin"] ?? "*")
            response.headers.set("Access-Control-Allow-Credentials", "true")
            if request.method == .options {
                response.headers.set("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, PATCH, OPTIONS")
                response.headers.set("Access-Control-Max-Age", "3600")
                if let asked = request.headers["Access-Control-Request-Headers"] {
                    response.headers.set("Access-Control-Allow-Headers", asked)
                }
            }
            return response
        }
        return wrapped
    }

    /// One route per method in `methods`, all with `handler`.
    static func routes(_ methods: [RequestMethod], _ path: String, handler: @escaping Route.Handler) -> [Route] {
        methods.map { Route($0, path, handler: handler) }
    }

    /// The methods httpbin's "any method" endpoints take.
    static let anyMethod: [RequestMethod] = [.get, .post, .put, .delete, .patch, RequestMethod(rawValue: "TRACE")]
}

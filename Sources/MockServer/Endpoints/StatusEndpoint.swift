import NetworkCore

extension EndpointGroup {
    static let status = EndpointGroup(index: [
        EndpointDescription("ANY", "/status/{codes}", "that status with a short body; httpbin's lists and weights (200,201 or 200:0.9,500:0.1), seeded"),
    ], [
        Endpoint(nil, "/status/{codes}") { context, captures in StatusEndpoint.respond(codes: captures["codes"]!, context) },
    ])
}

/// `/status/{codes}`: any method, answered on the event loop with that status (200 to 599) and
/// a short text body, or with one of httpbin's weighted lists (`200,201`, `200:0.9,500:0.1`)
/// chosen from the server's seed and the request's place among those for the same target, so
/// that the same seed gives the same sequence of codes. httpbin's extras come along (a
/// `Location` on redirects, challenges on 401 and 407, its CORS headers).
enum StatusEndpoint {
    static func respond(codes text: String, _ context: RequestContext) -> ResponsePlan {
        let choices: StatusChoices
        do {
            choices = try StatusChoices(parsing: text)
        } catch {
            return .text(400, error.message)
        }
        // A list counts its own requests: the fault decisions' ordinals are drawn later, after
        // routing, and must not be drawn twice.
        let ordinal = choices.isSingle ? 0 : context.state.ordinals.next(method: "status \(context.method.rawValue)", url: context.head.target)
        let response = HTTPBinStatus.response(choices.code(seed: context.state.seed, key: text, ordinal: ordinal))
        guard case .bytes(let body) = response.body else { return .text(500, "the status endpoint built a body it cannot send") }
        var headers = response.headers
        headers.set("Access-Control-Allow-Origin", context.head.headers["Origin"] ?? "*")
        headers.set("Access-Control-Allow-Credentials", "true")
        return ResponsePlan(status: response.status, headers: headers, body: BytesBody(body))
    }
}

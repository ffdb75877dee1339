import NetworkCore

extension EndpointGroup {
    static let status = EndpointGroup(index: [
        EndpointDescription("ANY", "/status/{code}", "that status with a short body"),
    ], [
        Endpoint(nil, "/status/{code}") { context, captures in StatusEndpoint.respond(code: captures["code"]!, context) },
    ])
}

/// `/status/{code}`: any method, answered with that status and a short text body.
enum StatusEndpoint {
    static func respond(code text: String, _ context: RequestContext) -> ResponsePlan {
        guard let code = Int(digits: text), (200...599).contains(code) else {
            return .text(400, "\"\(text)\" is not a status this endpoint sends; use a code from 200 to 599, e.g. /status/503")
        }
        return .text(code, "\(code) \(HTTPStatus.reason(code))")
    }
}

extension Int {
    /// Parses ASCII digits only; nil for anything else or on overflow.
    init?(digits: some StringProtocol) {
        guard let value = Int64(digits: digits), let int = Int(exactly: value) else { return nil }
        self = int
    }
}

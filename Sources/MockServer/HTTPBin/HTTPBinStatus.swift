import NetworkCore

/// `/status/{codes}`: that status (any code 200-599) with a short text body, or one of a
/// weighted list chosen from the server's seed and the request's ordinal; with httpbin's
/// extras for the codes it treats specially (a `Location` on redirects, challenges on 401
/// and 407, a JSON body on 406).
enum HTTPBinStatus {
    static let routes: [Route] = [Route(nil, "/status/{codes}", handler: status)]

    @Sendable static func status(_ request: MockServer.Request) async -> MockServer.Response {
        let text = request.parameters["codes"] ?? ""
        let choices: StatusChoices
        do {
            choices = try StatusChoices(parsing: text)
        } catch {
            return .badRequest(error.message)
        }
        return response(choices.code(seed: request.seed, key: text, ordinal: request.ordinal))
    }

    /// What httpbin's `status_code` sends for `code`, with this server's text body.
    static func response(_ code: Int) -> MockServer.Response {
        if code == 204 || code == 304 { return MockServer.Response(status: code) }
        var response = MockServer.Response.text("\(code) \(HTTPStatus.reason(code))\n", status: code)
        switch code {
        case 301, 302, 303, 305, 307:
            response.headers.add("Location", "/redirect/1")
        case 401:
            response.headers.add("WWW-Authenticate", "Basic realm=\"Fake Realm\"")
        case 402:
            response.headers.add("x-more-info", "http://vimeo.com/22053820")
        case 406:
            return .httpbinJSON([
                "message": "Client did not request a supported media type.",
                "accept": HTTPBinFormats.acceptedImageTypes,
            ], status: 406)
        case 407:
            response.headers.add("Proxy-Authenticate", "Basic realm=\"Fake Realm\"")
        case 418:
            response = .text(HTTPBinPages.teapot, status: 418)
            response.headers.add("x-more-info", "http://tools.ietf.org/html/rfc2324")
        default:
            break
        }
        return response
    }
}

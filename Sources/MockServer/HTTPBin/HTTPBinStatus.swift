import NetworkCore

/// httpbin's answers for the codes it treats specially (a `Location` on redirects, challenges
/// on 401 and 407, a JSON body on 406), which `/status/{codes}` (``StatusEndpoint``, answered
/// on the event loop like every built-in endpoint) sends.
enum HTTPBinStatus {

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

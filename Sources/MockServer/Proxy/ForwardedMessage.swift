import Foundation
import NetworkCore

/// How a proxy rewrites what it forwards, whatever carries the upstream leg: the request head
/// it sends, the response headers it returns, and the 502 or 504 it answers when the upstream
/// fails. `package` so that `lab proxy`'s https:// leg (over URLSession, which this library
/// must not import) forwards exactly as the built-in HTTP/1.1 forwarder does.
package enum ForwardedMessage {
    /// The request head sent upstream: origin-form target under `basePath`, `Host` set to
    /// `authority`, no hop-by-hop fields, `Via` added; the body framed by `Content-Length`, or
    /// chunked when it streams without a length (the client sent it chunked). `Expect` is not
    /// forwarded: the proxy answers `100-continue` itself once the upstream leg is ready for
    /// the body.
    package static func requestHead(for request: MockServer.Request, basePath: String, authority: String, pseudonym: String) -> HTTPRequestHead {
        let client = HTTPRequestHead(method: request.method, target: request.target, version: request.version, headers: request.headers)
        let target = basePath + client.path + (client.query.map { "?" + $0 } ?? "")
        var headers = HopByHopHeaders.removing(from: request.headers, also: ["Host", "Content-Length", "Expect"])
        headers.set("Host", authority)
        if let stream = request.bodyStream {
            if let length = stream.length {
                headers.set("Content-Length", String(length))
            } else {
                headers.set("Transfer-Encoding", "chunked")
            }
        } else if !request.body.isEmpty || request.headers.contains("Content-Length") || request.headers.contains("Transfer-Encoding") {
            headers.set("Content-Length", String(request.body.count))
        }
        headers.add("Via", HopByHopHeaders.via(receivedOver: request.version, pseudonym: pseudonym))
        return HTTPRequestHead(method: request.method, target: target, version: .http1_1, headers: headers)
    }

    /// The upstream's response headers, with its `status`, as the client gets them: no
    /// hop-by-hop fields, none of `also`, no `Content-Length` (the server frames the body it
    /// sends) except on a 304, where it is the length of the representation the client has
    /// cached (RFC 9110 §8.6), not the framing of a body; `Via` added.
    package static func responseHeaders(
        _ headers: HeaderFields, status: Int, receivedOver version: HTTPVersion, pseudonym: String, also: [String] = []
    ) -> HeaderFields {
        var forwarded = HopByHopHeaders.removing(from: headers, also: (status == 304 ? [] : ["Content-Length"]) + also)
        forwarded.add("Via", HopByHopHeaders.via(receivedOver: version, pseudonym: pseudonym))
        return forwarded
    }

    /// The 502 or 504 the client gets when the upstream failed: a text body naming the
    /// upstream and what went wrong, and `Via`.
    package static func failure(_ error: UpstreamError, receivedOver version: HTTPVersion, pseudonym: String) -> MockServer.Response {
        var response = MockServer.Response.failed("\(error.status) \(HTTPStatus.reason(error.status)) from lab proxy: \(error)", status: error.status)
        response.headers.add("Via", HopByHopHeaders.via(receivedOver: version, pseudonym: pseudonym))
        return response
    }

    /// The URL's path without its trailing slash: prefixed to every forwarded target.
    package static func basePath(of url: URL) -> String {
        var path = url.path
        while path.hasSuffix("/") { path.removeLast() }
        return path
    }
}

import Foundation
import NetworkCore

extension MockServer.Response {
    /// httpbin's JSON: `application/json`, keys sorted, indented, ending in a newline.
    static func httpbinJSON(_ object: Any, status: Int = 200, headers: HeaderFields = [:]) -> Self {
        var response = Self(status: status, headers: ["Content-Type": "application/json"], body: .bytes(JSON.encode(object)))
        for (name, value) in headers { response.headers.add(name, value) }
        return response
    }

    /// An HTML page, as Flask sends a string or a template.
    static func html(_ text: String, status: Int = 200) -> Self {
        Self(status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: .bytes(Array(text.utf8)))
    }

    /// An empty body with httpbin's default type, as its redirects and challenges send.
    static func empty(status: Int, headers: HeaderFields = [:]) -> Self {
        var response = Self.html("", status: status)
        for (name, value) in headers { response.headers.add(name, value) }
        return response
    }

    /// A 400 with a one-line reason, for a parameter httpbin would have choked on.
    static func badRequest(_ message: String) -> Self {
        .text(message + "\n", status: 400)
    }

    /// A redirect to `location` (a path on this server or an absolute URL), with Flask's
    /// short HTML body.
    static func redirect(to location: String, status: Int = 302) -> Self {
        var response = Self.html("<!doctype html>\n<title>Redirecting...</title>\n<p>Redirecting to <a href=\"\(location)\">\(location)</a>.</p>\n", status: status)
        response.headers.add("Location", location)
        return response
    }
}

extension MockServer.Request {
    /// The absolute URL of `path` on this server, through the authority the client used.
    func absoluteURL(_ path: String) -> String {
        "http://\(host ?? "127.0.0.1")\(path)"
    }

    /// A parameter as a whole number (`-3`, `42`); nil when absent or not one.
    func integer(_ name: String) -> Int? {
        parameters[name].flatMap { Int($0) }
    }

    /// The last value of query item `name`, matched case-insensitively as httpbin does.
    func queryIgnoringCase(_ name: String) -> String? {
        query.last { $0.name.lowercased() == name.lowercased() }?.value
    }
}

import Foundation
import NetworkCore

/// Cookies and caching: `/cookies`, `/cookies/set?name=value`, `/cookies/set/{name}/{value}`,
/// `/cookies/delete?name`, `/cache`, `/cache/{seconds}`, `/etag/{etag}`, `/response-headers`.
enum HTTPBinCookiesAndCaching {
    static let routes: [Route] = [
        Route(.get, "/cookies", handler: cookies),
        Route(.get, "/cookies/set") { request in
            redirectToCookies(setting: Echo.semiflatten(request.query).keys.sorted().map { name in
                Cookies.set(name, request.query.first { $0.name == name }!.value)
            })
        },
        Route(.get, "/cookies/set/{name}/{value}") { request in
            redirectToCookies(setting: [Cookies.set(request.parameters["name"] ?? "", request.parameters["value"] ?? "")])
        },
        Route(.get, "/cookies/delete") { request in
            redirectToCookies(setting: Set(request.query.map(\.name)).sorted().map(Cookies.delete))
        },
        Route(.get, "/cache", handler: cache),
        Route(.get, "/cache/{seconds}") { request in
            guard let seconds = request.integer("seconds"), seconds >= 0 else {
                return .badRequest("\"\(request.parameters["seconds"] ?? "")\" is not a number of seconds; use a whole number, e.g. /cache/60")
            }
            return get(request, headers: ["Cache-Control": "public, max-age=\(seconds)"])
        },
        Route(.get, "/etag/{etag}", handler: etag),
        Route(.get, "/response-headers", handler: responseHeaders),
        Route(.post, "/response-headers", handler: responseHeaders),
    ]

    /// Tracking cookies httpbin's hosting set, hidden unless `show_env` is in the query.
    static let environmentCookies: Set<String> = [
        "_gauges_unique", "_gauges_unique_year", "_gauges_unique_month", "_gauges_unique_day",
        "_gauges_unique_hour", "__utmz", "__utma", "__utmb",
    ]

    @Sendable static func cookies(_ request: MockServer.Request) async -> MockServer.Response {
        var cookies = Cookies.parse(request.headers)
        if request.query("show_env") == nil { cookies = cookies.filter { !environmentCookies.contains($0.key) } }
        return .httpbinJSON(["cookies": cookies])
    }

    static func redirectToCookies(setting cookies: [String]) -> MockServer.Response {
        var response = MockServer.Response.redirect(to: "/cookies")
        for cookie in cookies { response.headers.add("Set-Cookie", cookie) }
        return response
    }

    /// `/get`'s answer with extra headers, as httpbin's caching endpoints send it.
    static func get(_ request: MockServer.Request, headers: HeaderFields) -> MockServer.Response {
        .httpbinJSON(Echo(request: request).object([.url, .args, .headers, .origin]), headers: headers)
    }

    @Sendable static func cache(_ request: MockServer.Request) async -> MockServer.Response {
        if request.headers.contains("If-Modified-Since") || request.headers.contains("If-None-Match") {
            return MockServer.Response(status: 304)
        }
        let etag = HTTPBinEcho.uuid(seed: request.seed, ordinal: request.ordinal).replacingOccurrences(of: "-", with: "")
        return get(request, headers: ["Last-Modified": HTTPDate.now(), "ETag": etag])
    }

    /// `/etag/{etag}`: the preconditions of RFC 9110 §13.2.2 in its order: a failed `If-Match`
    /// (strong comparison) is 412; a matching `If-None-Match` (weak comparison) is 304.
    @Sendable static func etag(_ request: MockServer.Request) async -> MockServer.Response {
        let etag = request.parameters["etag"] ?? ""
        if let ifMatch = request.headers["If-Match"] {
            let tags = entityTags(ifMatch)
            if !tags.contains(where: { $0.tag == "*" || ($0.tag == etag && !$0.weak) }) {
                return HTTPBinStatus.response(412)
            }
        }
        if let ifNoneMatch = request.headers["If-None-Match"], entityTags(ifNoneMatch).contains(where: { $0.tag == "*" || $0.tag == etag }) {
            return MockServer.Response(status: 304, headers: ["ETag": etag])
        }
        return get(request, headers: ["ETag": etag])
    }

    /// The entity tags of an `If-Match` or `If-None-Match` list, quotes removed (httpbin's
    /// tags are sent unquoted, so unquoted ones are read too).
    static func entityTags(_ header: String) -> [(tag: String, weak: Bool)] {
        header.split(separator: ",").map { item in
            var text = item.trimmingSpaces
            let weak = text.hasPrefix("W/")
            if weak { text = String(text.dropFirst(2)) }
            if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = String(text.dropFirst().dropLast()) }
            return (text, weak)
        }
    }

    /// `/response-headers?K=V`: each query item as a response header, and the JSON body lists
    /// the response's headers (`Content-Length` included, so it is computed to a fixed point).
    @Sendable static func responseHeaders(_ request: MockServer.Request) async -> MockServer.Response {
        let framing: Set<String> = ["content-length", "transfer-encoding", "connection"]
        let items = request.query.filter { !framing.contains($0.name.lowercased()) }
        var headers: HeaderFields = [:]
        for (name, value) in items where HeaderFields.isValidName(name) && !value.contains(where: { $0 == "\r" || $0 == "\n" }) {
            headers.add(name, value)
        }
        var length = 0
        while true {
            var listed: [String: [String]] = ["Content-Type": ["application/json"], "Content-Length": [String(length)]]
            for (name, value) in headers { listed[name, default: []].append(value) }
            let body = JSON.encode(listed.mapValues { $0.count == 1 ? $0[0] as Any : $0 as Any })
            if body.count == length {
                var response = MockServer.Response(headers: ["Content-Type": "application/json"], body: .bytes(body))
                for (name, value) in headers {
                    if name.lowercased() == "content-type" { response.headers.set(name, value) } else { response.headers.add(name, value) }
                }
                return response
            }
            length = body.count
        }
    }
}

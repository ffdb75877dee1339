import NetworkCore

/// Formats: `/json`, `/html`, `/xml`, `/robots.txt`, `/deny`, `/image` (by `Accept`),
/// `/image/png`, `/image/jpeg`, `/image/webp`, `/image/svg`, `/links/{n}[/{offset}]`,
/// `/forms/post`.
enum HTTPBinFormats {
    static let routes: [Route] = [
        Route(.get, "/json") { _ in .httpbinJSON(HTTPBinPages.slideshow) },
        Route(.get, "/html") { _ in .html(HTTPBinPages.html) },
        Route(.get, "/xml") { _ in typed("application/xml", Array(HTTPBinPages.xml.utf8)) },
        Route(.get, "/robots.txt") { _ in typed("text/plain", Array(HTTPBinPages.robots.utf8)) },
        Route(.get, "/deny") { _ in typed("text/plain", Array(HTTPBinPages.deny.utf8)) },
        Route(.get, "/forms/post") { _ in .html(HTTPBinPages.form) },
        Route(.get, "/image", handler: image),
        Route(.get, "/image/png") { _ in typed("image/png", HTTPBinImages.png) },
        Route(.get, "/image/jpeg") { _ in typed("image/jpeg", HTTPBinImages.jpeg) },
        Route(.get, "/image/webp") { _ in typed("image/webp", HTTPBinImages.webp) },
        Route(.get, "/image/svg") { _ in typed("image/svg+xml", HTTPBinImages.svg) },
        Route(.get, "/links/{n}") { request in
            guard let n = request.integer("n") else { return notALinkCount(request) }
            return .redirect(to: "/links/\(n)/0")
        },
        Route(.get, "/links/{n}/{offset}", handler: links),
    ]

    /// The types `/image` can send, in the order it prefers them.
    static let acceptedImageTypes = ["image/webp", "image/svg+xml", "image/jpeg", "image/png", "image/*"]

    static func typed(_ type: String, _ bytes: [UInt8]) -> MockServer.Response {
        MockServer.Response(headers: ["Content-Type": type], body: .bytes(bytes))
    }

    /// `/image`: the first type of httpbin's order that `Accept` names (PNG without one), else 406.
    @Sendable static func image(_ request: MockServer.Request) async -> MockServer.Response {
        guard let accept = request.headers["Accept"]?.lowercased() else { return typed("image/png", HTTPBinImages.png) }
        if accept.contains("image/webp") { return typed("image/webp", HTTPBinImages.webp) }
        if accept.contains("image/svg+xml") { return typed("image/svg+xml", HTTPBinImages.svg) }
        if accept.contains("image/jpeg") { return typed("image/jpeg", HTTPBinImages.jpeg) }
        if accept.contains("image/png") || accept.contains("image/*") { return typed("image/png", HTTPBinImages.png) }
        return HTTPBinStatus.response(406)
    }

    /// `/links/{n}/{offset}`: a page of `n` links (1 to 200) to its siblings, `offset` unlinked.
    @Sendable static func links(_ request: MockServer.Request) async -> MockServer.Response {
        guard let n = request.integer("n") else { return notALinkCount(request) }
        guard let offset = request.integer("offset") else {
            return .badRequest("\"\(request.parameters["offset"] ?? "")\" is not an offset; use a whole number, e.g. /links/10/3")
        }
        let count = min(max(1, n), 200)
        var html = "<html><head><title>Links</title></head><body>"
        for index in 0..<count {
            html += index == offset ? "\(index) " : "<a href='/links/\(count)/\(index)'>\(index)</a> "
        }
        return .html(html + "</body></html>")
    }

    static func notALinkCount(_ request: MockServer.Request) -> MockServer.Response {
        .badRequest("\"\(request.parameters["n"] ?? "")\" is not a number of links; use a whole number, e.g. /links/10/0")
    }
}

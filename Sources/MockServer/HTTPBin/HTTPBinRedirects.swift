import NetworkCore

/// Redirects: `/redirect/{n}`, `/relative-redirect/{n}`, `/absolute-redirect/{n}`,
/// `/redirect-to?url=&status_code=`, each chain ending at `/get`.
enum HTTPBinRedirects {
    static let routes: [Route] = [
        Route(.get, "/redirect/{n}") { request in
            try count(request) { n in
                let absolute = request.queryIgnoringCase("absolute")?.lowercased() == "true"
                let next = n == 1 ? "/get" : absolute ? "/absolute-redirect/\(n - 1)" : "/relative-redirect/\(n - 1)"
                return .redirect(to: absolute ? request.absoluteURL(next) : next)
            }
        },
        Route(.get, "/relative-redirect/{n}") { request in
            try count(request) { n in .empty(status: 302, headers: ["Location": n == 1 ? "/get" : "/relative-redirect/\(n - 1)"]) }
        },
        Route(.get, "/absolute-redirect/{n}") { request in
            try count(request) { n in .redirect(to: request.absoluteURL(n == 1 ? "/get" : "/absolute-redirect/\(n - 1)")) }
        },
    ] + HTTPBin.routes(HTTPBin.anyMethod, "/redirect-to", handler: redirectTo)

    /// Runs `respond` with the path's `{n}` when it is a whole number from 1 up.
    static func count(_ request: MockServer.Request, _ respond: (Int) -> MockServer.Response) throws -> MockServer.Response {
        guard let n = request.integer("n"), n > 0 else {
            return .badRequest("\"\(request.parameters["n"] ?? "")\" is not a number of redirects; use a whole number from 1, e.g. /redirect/3")
        }
        return respond(n)
    }

    /// `/redirect-to`: only to this server, so that the lab never sends a client elsewhere.
    @Sendable static func redirectTo(_ request: MockServer.Request) async -> MockServer.Response {
        guard let url = request.queryIgnoringCase("url"), !url.isEmpty else {
            return .badRequest("url: missing; give the URL to redirect to, e.g. /redirect-to?url=/get")
        }
        // Browsers drop tabs and newlines anywhere and controls and spaces at the ends, so
        // `/\t/evil.example` would leave as `//evil.example`.
        guard !url.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F }) else {
            return .badRequest("url: \(url.debugDescription) holds a space or a control character; percent-encode it (%20)")
        }
        guard isOnThisServer(url, host: request.host) else {
            return .badRequest("url: \(url) is not on this server; the lab never redirects clients to other hosts, give a path such as /get")
        }
        var status = 302
        if let text = request.queryIgnoringCase("status_code") {
            guard let code = Int(text) else {
                return .badRequest("status_code: \"\(text)\" is not a status code; use one from 300 to 399")
            }
            if (300...399).contains(code) { status = code }
        }
        return .empty(status: status, headers: ["Location": url])
    }

    /// Whether `url` is a path (`/get`, `get`) or an absolute `http` URL whose authority is
    /// the one the client used to reach this server. Browsers read a `\` as `/` in http
    /// URLs, so `/\host`, `\/host` and `\\host` name another host as `//host` does.
    static func isOnThisServer(_ url: String, host: String?) -> Bool {
        if url.hasPrefix("\\") || url.hasPrefix("//") || url.hasPrefix("/\\") { return false }
        guard let colon = url.firstIndex(of: ":"), url[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }),
              url[..<colon].first?.isLetter == true
        else { return true }  // no scheme: a reference relative to this server
        let scheme = url[..<colon].lowercased()
        guard scheme == "http", let host, url.dropFirst(scheme.count + 1).hasPrefix("//") else { return false }
        let authority = url.dropFirst(scheme.count + 3).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return authority.lowercased() == host.lowercased()
    }
}

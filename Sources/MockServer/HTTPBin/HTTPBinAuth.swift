import Foundation
import NetworkCore

/// Authentication: `/basic-auth/{user}/{passwd}`, `/hidden-basic-auth/{user}/{passwd}`,
/// `/bearer`, `/digest-auth/{qop}/{user}/{passwd}[/{algorithm}[/{stale_after}]]`.
enum HTTPBinAuth {
    static let routes: [Route] = [
        Route(.get, "/basic-auth/{user}/{passwd}") { basic($0, failure: 401) },
        Route(.get, "/hidden-basic-auth/{user}/{passwd}") { basic($0, failure: 404) },
        Route(.get, "/bearer", handler: bearer),
        Route(.get, "/digest-auth/{qop}/{user}/{passwd}", handler: digest),
        Route(.get, "/digest-auth/{qop}/{user}/{passwd}/{algorithm}", handler: digest),
        Route(.get, "/digest-auth/{qop}/{user}/{passwd}/{algorithm}/{stale_after}", handler: digest),
    ]

    static func basic(_ request: MockServer.Request, failure: Int) -> MockServer.Response {
        let user = request.parameters["user"] ?? "", password = request.parameters["passwd"] ?? ""
        guard let (sentUser, sentPassword) = basicCredentials(request.headers["Authorization"]),
              sentUser == user, sentPassword == password
        else {
            return failure == 401 ? HTTPBinStatus.response(401) : MockServer.Response(status: failure)
        }
        return .httpbinJSON(["authenticated": true, "user": user])
    }

    /// The user and password of `Authorization: Basic …`.
    static func basicCredentials(_ header: String?) -> (String, String)? {
        guard let header, header.count > 6, header.prefix(6).lowercased() == "basic ",
              let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
              let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
    }

    @Sendable static func bearer(_ request: MockServer.Request) async -> MockServer.Response {
        guard let header = request.headers["Authorization"], header.hasPrefix("Bearer ") else {
            return .empty(status: 401, headers: ["WWW-Authenticate": "Bearer"])
        }
        return .httpbinJSON(["authenticated": true, "token": String(header.dropFirst(7))])
    }

    /// httpbin's digest flow, cookies included: `stale_after` counts successful requests until
    /// the server calls a nonce stale, `last_nonce` catches a client replaying a nonce, and with
    /// `?require-cookie=1` a client that does not return the challenge's cookies gets 403.
    @Sendable static func digest(_ request: MockServer.Request) async -> MockServer.Response {
        let user = request.parameters["user"] ?? "", password = request.parameters["passwd"] ?? ""
        let staleAfter = request.parameters["stale_after"] ?? "never"
        let algorithm: DigestAuth.Algorithm
        switch request.parameters["algorithm"] {
        case "SHA-256": algorithm = .sha256
        case "SHA-512": return .badRequest("SHA-512 digest authentication is not served here; use MD5 or SHA-256")
        default: algorithm = .md5  // httpbin takes any other value as MD5
        }
        let qop = request.parameters["qop"].flatMap { ["auth", "auth-int"].contains($0) ? $0 : nil }
        let auth = DigestAuth(algorithm: algorithm, qop: qop)
        let requireCookie = ["1", "t", "true"].contains(request.query("require-cookie")?.lowercased() ?? "")
        let cookies = Cookies.parse(request.headers)

        func challenge(stale: Bool, lastNonce: String?) -> MockServer.Response {
            let nonce = algorithm.hash("\(request.seed):\(request.ordinal):\(request.target)")
            let opaque = algorithm.hash("\(request.seed):opaque")
            var response = MockServer.Response.empty(status: 401, headers: ["WWW-Authenticate": auth.challenge(nonce: nonce, opaque: opaque, stale: stale)])
            response.headers.add("Set-Cookie", Cookies.set("stale_after", staleAfter))
            if let lastNonce { response.headers.add("Set-Cookie", Cookies.set("last_nonce", lastNonce)) }
            response.headers.add("Set-Cookie", Cookies.set("fake", "fake_value"))
            return response
        }

        guard let header = request.headers["Authorization"], let credentials = DigestAuth.credentials(header),
              !requireCookie || request.headers.contains("Cookie")
        else { return challenge(stale: false, lastNonce: nil) }
        if requireCookie, cookies["fake"] != "fake_value" {
            return .httpbinJSON(["errors": ["missing cookie set on challenge"]], status: 403, headers: ["Set-Cookie": Cookies.set("fake", "fake_value")])
        }
        let nonce = credentials["nonce"] ?? ""
        if cookies["last_nonce"] == nonce || cookies["stale_after"] == "0" {
            return challenge(stale: true, lastNonce: nonce)
        }
        let expected = DigestAuth.expectedResponse(
            credentials: credentials, password: password, method: request.method.rawValue, uri: request.target, body: request.body)
        guard credentials["username"] == user, let expected, credentials["response"] == expected else {
            return challenge(stale: false, lastNonce: nonce)
        }
        var response = MockServer.Response.httpbinJSON(["authenticated": true, "user": user], headers: ["Set-Cookie": Cookies.set("fake", "fake_value")])
        if let count = cookies["stale_after"] {
            response.headers.add("Set-Cookie", Cookies.set("stale_after", Int(count).map { String($0 - 1) } ?? "never"))
        }
        return response
    }
}

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import MockServer
import NetworkCore
import Testing

/// URLSession (FoundationNetworking on Linux) as a client of the httpbin endpoints: it follows
/// redirect chains, decodes gzip and deflate, and passes basic authentication; digest
/// authentication with the session carrying the challenge's cookies.
@Suite struct HTTPBinURLSessionTests {
    /// Answers authentication challenges with one credential, and counts them.
    final class Credentials: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
        // Unchecked: URLSession calls the delegate on its own serial queue only.
        let credential: URLCredential
        private(set) var methods: [String] = []

        init(user: String, password: String) {
            credential = URLCredential(user: user, password: password, persistence: .forSession)
        }

        func urlSession(
            _ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
            completionHandler: @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void
        ) {
            methods.append(challenge.protectionSpace.authenticationMethod)
            completionHandler(challenge.previousFailureCount == 0 ? .useCredential : .cancelAuthenticationChallenge, credential)
        }
    }

    static func json(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func withSession<T>(delegate: URLSessionDelegate? = nil, _ body: (URLSession) async throws -> T) async throws -> T {
        let session = URLSession(configuration: .ephemeral, delegate: delegate, delegateQueue: nil)
        defer { session.invalidateAndCancel() }
        return try await body(session)
    }

    @Test func urlSession_followsRedirectChains_toGet() async throws {
        try await withMockServer { server in
            try await Self.withSession { session in
                for path in ["/redirect/4", "/absolute-redirect/3", "/relative-redirect/2", "/redirect-to?url=/get%3Fx%3D1&status_code=307"] {
                    let (data, response) = try await session.data(from: server.url(path))
                    let http = try #require(response as? HTTPURLResponse)
                    #expect(http.statusCode == 200, "\(path)")
                    #expect(http.url?.path == "/get", "\(path)")
                    #expect(try Self.json(data)["url"] as? String != nil, "\(path)")
                }
            }
        }
    }

    @Test func urlSession_decodesGzipAndDeflate() async throws {
        try await withMockServer { server in
            try await Self.withSession { session in
                let (gzip, _) = try await session.data(from: server.url("/gzip"))
                #expect(try Self.json(gzip)["gzipped"] as? Bool == true)
                let (deflate, _) = try await session.data(from: server.url("/deflate"))
                #expect(try Self.json(deflate)["deflated"] as? Bool == true)
            }
        }
    }

    @Test func urlSession_passesBasicAuth() async throws {
        try await withMockServer { server in
            let credentials = Credentials(user: "user", password: "pass")
            try await Self.withSession(delegate: credentials) { session in
                let (data, response) = try await session.data(from: server.url("/basic-auth/user/pass"))
                #expect((response as? HTTPURLResponse)?.statusCode == 200)
                #expect(try Self.json(data)["authenticated"] as? Bool == true)
            }
        }
    }

    /// FoundationNetworking on Linux raises no challenge for `Digest` (only `Basic`), so the
    /// session cannot answer one itself: the test answers the session's 401 with the RFC 7616
    /// computation (NetworkCore's MD5 and SHA-256, checked against RFC vectors), and the session
    /// carries the challenge's cookies back as httpbin's flow requires.
    @Test(arguments: ["MD5", "SHA-256"])
    func urlSession_passesDigestAuth_answeringTheChallengeItGot(algorithm: String) async throws {
        try await withMockServer { server in
            try await Self.withSession { session in
                let url = server.url("/digest-auth/auth/user/pass/\(algorithm)/1")
                let (_, first) = try await session.data(from: url)
                let challenge = try #require((first as? HTTPURLResponse)?.value(forHTTPHeaderField: "WWW-Authenticate"))
                #expect((first as? HTTPURLResponse)?.statusCode == 401)
                #expect(challenge.contains("algorithm=\(algorithm)"))
                let nonce = try #require(challenge.firstMatch(of: /nonce="([^"]+)"/)?.1)
                let realm = try #require(challenge.firstMatch(of: /realm="([^"]+)"/)?.1)
                let hash: ([UInt8]) -> String = algorithm == "MD5"
                    ? { MD5.hex($0) } : { SHA256.hash($0).map { String(format: "%02x", $0) }.joined() }
                let uri = url.path
                let ha1 = hash(Array("user:\(realm):pass".utf8)), ha2 = hash(Array("GET:\(uri)".utf8))
                let response = hash(Array("\(ha1):\(nonce):00000001:c0ffee:auth:\(ha2)".utf8))
                var request = URLRequest(url: url)
                request.setValue(
                    #"Digest username="user", realm="\#(realm)", nonce="\#(nonce)", uri="\#(uri)", algorithm=\#(algorithm), qop=auth, nc=00000001, cnonce="c0ffee", response="\#(response)""#,
                    forHTTPHeaderField: "Authorization")
                let (data, second) = try await session.data(for: request)
                #expect((second as? HTTPURLResponse)?.statusCode == 200, "\(String(decoding: data, as: UTF8.self))")
                #expect(try Self.json(data)["authenticated"] as? Bool == true)
                // stale_after=1: the success set the cookie to 0, which the session sends back,
                // so the next attempt is told its nonce is stale.
                let (_, replay) = try await session.data(for: request)
                #expect((replay as? HTTPURLResponse)?.statusCode == 401)
                #expect((replay as? HTTPURLResponse)?.value(forHTTPHeaderField: "WWW-Authenticate")?.hasSuffix("stale=TRUE") == true)
            }
        }
    }
}

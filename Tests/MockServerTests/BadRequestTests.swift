import MockServer
import NetworkCore
import TestSupport
import Testing

extension LiveServerTests {
    /// Requests the server must refuse, and clients too slow to be served: each gets its status
    /// and a closed connection, and the server goes on serving the next client.
    @Suite struct BadRequestTests {
        static let limits = MockServer.Limits(maxRequestLine: 256, maxHeaderBytes: 1024, maxHeaderCount: 20, maxRequestBody: 1000)
        static let routes = [Route(.post, "/upload") { request in .text("\(request.body.count)") }]

        static let badRequests: [(name: String, request: String, status: Int)] = [
            ("garbage", "GARBAGE\r\n\r\n", 400),
            ("a header without a colon", "GET /bytes/10 HTTP/1.1\r\nHost: t\r\nNo colon here\r\n\r\n", 400),
            ("a space before the colon", "GET /bytes/10 HTTP/1.1\r\nHost : t\r\n\r\n", 400),
            ("a folded header", "GET /bytes/10 HTTP/1.1\r\nHost: t\r\nX-A: a\r\n  b\r\n\r\n", 400),
            ("a bare CR", "GET /bytes/10 HTTP/1.1\rHost: t\r\n\r\n", 400),
            ("a control byte in a value", "GET /bytes/10 HTTP/1.1\r\nHost: t\r\nX-A: a\u{01}b\r\n\r\n", 400),
            ("a request line with two spaces", "GET  /bytes/10 HTTP/1.1\r\nHost: t\r\n\r\n", 400),
            ("a target with a space", "GET /bytes/1 0 HTTP/1.1\r\nHost: t\r\n\r\n", 400),
            ("an HTTP/1.1 request without Host", "GET /bytes/10 HTTP/1.1\r\n\r\n", 400),
            ("two Host fields", "GET /bytes/10 HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
            ("a bad query encoding", "GET /bytes/10?seed=%zz HTTP/1.1\r\nHost: t\r\n\r\n", 400),
            ("HTTP/2.0", "GET /bytes/10 HTTP/2.0\r\nHost: t\r\n\r\n", 505),
            ("the HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505),
            ("Content-Length with Transfer-Encoding",
             "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400),
            ("differing Content-Lengths", "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400),
            ("a negative Content-Length", "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: -1\r\n\r\n", 400),
            ("a gzip Transfer-Encoding", "POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
            ("a malformed chunk", "POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\nhello\r\n0\r\n\r\n", 400),
            ("a long request line", "GET /bytes/10?pad=\(String(repeating: "a", count: 300)) HTTP/1.1\r\nHost: t\r\n\r\n", 414),
            ("huge headers", "GET /bytes/10 HTTP/1.1\r\nHost: t\r\nX-Big: \(String(repeating: "b", count: 2000))\r\n\r\n", 431),
            ("too many headers", "GET /bytes/10 HTTP/1.1\r\nHost: t\r\n" + (0..<21).map { "X-\($0): v\r\n" }.joined() + "\r\n", 431),
            ("a body over the limit", "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 1001\r\n\r\n", 413),
            ("a body over the limit, expecting 100-continue",
             "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n", 413),
            ("a chunked body over the limit",
             "POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3e9\r\n\(String(repeating: "c", count: 1001))\r\n0\r\n\r\n", 413),
        ]

        @Test(arguments: badRequests)
        func badRequest_getsItsStatusAndAClose_andTheServerKeepsServing(name: String, request: String, status: Int) async throws {
            try await withMockServer(.init(routes: Self.routes, limits: Self.limits)) { server in
                let (response, end) = try await blocking { [port = server.port] in
                    let connection = try RawConnection(port: port, readTimeout: 60)
                    try connection.write(request)
                    let response = try connection.readResponse()
                    return (response, connection.readToEnd().end)
                }
                #expect(response.status == status, "\(name)")
                #expect(response["Connection"] == "close")
                #expect(!response.text.isEmpty)
                #expect(end == .closed)
                let next = try await server.get("/bytes/10")
                #expect(next.status == 200)
                #expect(try next.body == Payload.bytes(seed: 0, count: 10))
                await server.settled()
                let rejected = try #require(server.journal.entries.first)
                #expect(rejected.outcome == .rejected)
                #expect(rejected.status == status)
                #expect(rejected.error != nil)
                #expect(server.journal.entries.map(\.id) == [0, 1])
            }
        }

        @Test func bodyWithinTheLimit_isAccepted() async throws {
            try await withMockServer(.init(routes: Self.routes, limits: Self.limits)) { server in
                let response = try await blocking { [port = server.port] in
                    let connection = try RawConnection(port: port)
                    return try connection.exchange(
                        RawConnection.request("POST", "/upload", headers: [("Content-Length", "1000")]) + String(repeating: "x", count: 1000))
                }
                #expect(response.status == 200)
                #expect(response.text == "1000")
            }
        }

        // MARK: - Timeouts

        // When each timeout fires, and from which byte it counts, is checked at exact instants
        // on virtual time (VirtualServerTests, LimitsTests). Here the server's timers on real
        // sockets: they fire, never early, and not "never" (a loaded machine delays the loop).

        @Test func silentConnection_isClosedAfterTheIdleTimeout() async throws {
            try await withMockServer(.init(limits: .init(idleTimeout: .milliseconds(300)))) { server in
                let (end, seconds) = try await blocking { [port = server.port] in
                    let connection = try RawConnection(port: port, readTimeout: 60)
                    return timed { connection.readToEnd() }
                }
                #expect(end.end == .closed)
                #expect(end.bytes.isEmpty)
                #expect(seconds > 0.25 && seconds < 30, "closed after \(seconds) s")
                #expect(await server.connectionCount() == 0)
            }
        }

        @Test func stalledRequestBody_isAnswered408_afterTheIdleTimeout() async throws {
            try await withMockServer(.init(routes: Self.routes, limits: .init(idleTimeout: .milliseconds(300)))) { server in
                let (response, seconds) = try await blocking { [port = server.port] in
                    let connection = try RawConnection(port: port, readTimeout: 60)
                    try connection.write(RawConnection.request("POST", "/upload", headers: [("Content-Length", "100")]) + "only ten..")
                    return try timed { try connection.readResponse() }
                }
                #expect(response.status == 408)
                #expect(response.text.contains("stalled"))
                #expect(seconds > 0.25 && seconds < 30, "answered after \(seconds) s")
            }
        }
    }
}

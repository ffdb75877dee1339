import Foundation
import MockServer
import NetworkCore
import TestSupport
import Testing

extension LiveServerTests {
    /// HTTP/1.1 as clients use it: HEAD, keep-alive, pipelining, HTTP/1.0, `Connection: close`,
    /// `Expect: 100-continue`, request bodies, custom routes, 404/405 and `/status/{code}`.
    @Suite struct HTTPBehaviourTests {
        struct HandlerFailure: Error, CustomStringConvertible {
            var description: String { "the database is on fire" }
        }

        static let routes = [
            Route(.post, "/echo") { request in
                .text("\(request.method) \(request.body.count): \(String(decoding: request.body, as: UTF8.self))")
            },
            Route(.get, "/users/{id}/posts/{post}") { request in
                .json(#"{"id": "\#(request.parameters["id"]!)", "post": "\#(request.parameters["post"]!)", "q": "\#(request.query("q") ?? "")"}"#)
            },
            Route(.get, "/files/*") { request in .text("path \(request.path)") },
            Route(nil, "/any") { request in .text("method \(request.method)") },
            Route(.get, "/fail") { _ in throw HandlerFailure() },
            Route(.get, "/big") { _ in .payload(size: 100_000, seed: 9) },
            Route(.get, "/bytes/shadowed") { _ in .text("custom routes come first") },
        ]

        // MARK: - HEAD

        @Test(arguments: ["/bytes/10MB", "/status/200", "/status/503", "/", "/_lab/journal", "/nowhere", "/fixtures/missing", "/big"])
        func head_sendsTheHeadersWithoutABody_soTheNextResponseOnTheConnectionParses(path: String) async throws {
            try await withMockServer(.init(routes: Self.routes)) { server in
                let port = server.port
                let (head, next) = try await blocking {
                    let connection = try RawConnection(port: port)
                    try connection.write(RawConnection.request("HEAD", path) + RawConnection.request("GET", "/bytes/5"))
                    return (try connection.readResponse(method: .head), try connection.readResponse())
                }
                #expect(head.body.isEmpty)
                #expect(head["Content-Length"] != nil)
                #expect(next.status == 200)
                #expect(try next.body == Payload.bytes(seed: 0, count: 5))
            }
        }

        @Test func head_announcesTheLengthOfTheGetBody() async throws {
            try await withMockServer { server in
                let head = try await server.get("/bytes/10MB", method: .head)
                #expect(head.status == 200)
                #expect(head["Content-Length"] == "10000000")
                #expect(head["ETag"] == Payload.etag(seed: 0, size: 10_000_000))
                #expect(head.body.isEmpty)
                await server.settled()
                #expect(server.journal.entries.last?.bytesSent == 0)
            }
        }

        // MARK: - Connections

        @Test func keepAlive_servesTwoRequestsOnOneConnection() async throws {
            try await withMockServer { server in
                let port = server.port
                let (first, second) = try await blocking {
                    let connection = try RawConnection(port: port)
                    return (try connection.exchange(RawConnection.request("GET", "/bytes/10")),
                            try connection.exchange(RawConnection.request("GET", "/bytes/20")))
                }
                _ = try await server.get("/bytes/30")
                #expect(first.body.count == 10 && second.body.count == 20)
                #expect(first["Connection"] == nil)
                await server.settled()
                let entries = server.journal.entries
                #expect(entries.map(\.path) == ["/bytes/10", "/bytes/20", "/bytes/30"])
                #expect(entries[0].connection == entries[1].connection)
                #expect(entries[2].connection != entries[0].connection)
            }
        }

        @Test func pipelinedRequests_areAnsweredInOrder() async throws {
            try await withMockServer(.init(routes: Self.routes)) { server in
                let port = server.port
                let responses = try await blocking {
                    let connection = try RawConnection(port: port)
                    // The first is slow, so the others are waiting in the server's buffer.
                    try connection.write(
                        RawConnection.request("GET", "/bytes/3?latency=50ms") + RawConnection.request("GET", "/status/404")
                            + RawConnection.request("POST", "/echo", headers: [("Content-Length", "2")]) + "hi"
                            + RawConnection.request("HEAD", "/bytes/7") + RawConnection.request("GET", "/bytes/5"))
                    return [
                        try connection.readResponse(), try connection.readResponse(), try connection.readResponse(),
                        try connection.readResponse(method: .head), try connection.readResponse(),
                    ]
                }
                #expect(responses.map(\.status) == [200, 404, 200, 200, 200])
                #expect(try responses[0].body == Payload.bytes(seed: 0, count: 3))
                #expect(responses[2].text == "POST 2: hi")
                #expect(responses[3]["Content-Length"] == "7")
                #expect(try responses[4].body == Payload.bytes(seed: 0, count: 5))
                await server.settled()
                let entries = server.journal.entries
                #expect(entries.map(\.id) == [0, 1, 2, 3, 4])
                #expect(Set(entries.map(\.connection)).count == 1)
            }
        }

        @Test func http10_closesAfterTheResponse() async throws {
            try await withMockServer { server in
                let port = server.port
                let (response, end) = try await blocking {
                    let connection = try RawConnection(port: port, readTimeout: 5)
                    let response = try connection.exchange(RawConnection.request("GET", "/bytes/10", version: "HTTP/1.0"))
                    return (response, connection.readToEnd().end)
                }
                #expect(response.status == 200)
                #expect(response.body.count == 10)
                #expect(response["Connection"] == "close")
                #expect(end == .closed)
            }
        }

        @Test func http10_withKeepAlive_keepsTheConnection() async throws {
            try await withMockServer { server in
                let port = server.port
                let (first, second) = try await blocking {
                    let connection = try RawConnection(port: port)
                    let request = RawConnection.request("GET", "/bytes/10", headers: [("Connection", "keep-alive")], version: "HTTP/1.0")
                    return (try connection.exchange(request), try connection.exchange(request))
                }
                #expect(first["Connection"] == "keep-alive")
                #expect(second.status == 200)
                await server.settled()
                #expect(Set(server.journal.entries.map(\.connection)).count == 1)
            }
        }

        @Test func connectionClose_isHonoured() async throws {
            try await withMockServer { server in
                let port = server.port
                let (response, rest) = try await blocking {
                    let connection = try RawConnection(port: port, readTimeout: 5)
                    let response = try connection.exchange(RawConnection.request("GET", "/bytes/10", headers: [("Connection", "close")]))
                    return (response, connection.readToEnd())
                }
                #expect(response["Connection"] == "close")
                #expect(rest.bytes.isEmpty)
                #expect(rest.end == .closed)
            }
        }

        @Test func clientThatHalfClosesAfterItsRequest_getsTheResponse_andThenTheServerCloses() async throws {
            try await withMockServer { server in
                let port = server.port
                let (response, end) = try await blocking {
                    let connection = try RawConnection(port: port, readTimeout: 5)
                    // The latency makes the end of stream arrive while the response is pending.
                    try connection.write(RawConnection.request("GET", "/bytes/10?latency=50ms"))
                    connection.shutdownWrite()
                    let response = try connection.readResponse()
                    return (response, connection.readToEnd().end)
                }
                #expect(response.body.count == 10)
                #expect(end == .closed)
            }
        }

        @Test func connectionsOverTheLimit_waitUntilOneCloses() async throws {
            try await withMockServer(.init(limits: .init(maxConnections: 2))) { server in
                let (waited, answer) = try await blocking { [port = server.port] in
                    let first = try RawConnection(port: port)
                    let second = try RawConnection(port: port)
                    _ = try first.exchange(RawConnection.request("GET", "/bytes/1"))
                    _ = try second.exchange(RawConnection.request("GET", "/bytes/1"))
                    let third = try RawConnection(port: port)
                    try third.write(RawConnection.request("GET", "/bytes/3"))
                    // Not a synchronisation: 0.3 s in which the answer must not come.
                    let answeredEarly = third.waitReadable(seconds: 0.3)
                    first.close()
                    return (!answeredEarly, try third.readResponse())
                }
                #expect(waited, "the third connection was served while two were open")
                #expect(try answer.body == Payload.bytes(seed: 0, count: 3))
            }
        }

        @Test func everyResponse_carriesDateAndServer() async throws {
            try await withMockServer { server in
                let response = try await server.get("/status/418")
                #expect(response["Server"] == "NetworkLab-MockServer")
                let date = try #require(response["Date"])
                #expect(date.wholeMatch(of: /[A-Z][a-z]{2}, [0-9]{2} [A-Z][a-z]{2} [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT/) != nil, "\(date)")
            }
        }

        // MARK: - Request bodies

        @Test func expect100Continue_getsAnInterimResponse_beforeTheBodyIsSent() async throws {
            try await withMockServer(.init(routes: Self.routes)) { server in
                let port = server.port
                let (interim, final) = try await blocking {
                    let connection = try RawConnection(port: port)
                    try connection.write(RawConnection.request(
                        "POST", "/echo", headers: [("Content-Length", "5"), ("Expect", "100-continue")]))
                    let interim = try connection.readResponse()
                    try connection.write("hello")
                    return (interim, try connection.readResponse())
                }
                #expect(interim.status == 100)
                #expect(final.status == 200)
                #expect(final.text == "POST 5: hello")
            }
        }

        @Test func requestBody_withContentLength_reachesTheRoute() async throws {
            try await withMockServer(.init(routes: Self.routes)) { server in
                let body = String(repeating: "abcdefgh", count: 20_000)
                let response = try await blocking { [port = server.port] in
                    let connection = try RawConnection(port: port)
                    return try connection.exchange(
                        RawConnection.request("POST", "/echo", headers: [("Content-Length", "\(body.utf8.count)")]) + body)
                }
                #expect(response.text == "POST 160000: " + body)
            }
        }

        @Test func requestBody_chunked_isDecodedForTheRoute() async throws {
            try await withMockServer(.init(routes: Self.routes)) { server in
                let response = try await blocking { [port = server.port] in
                    let connection = try RawConnection(port: port)
                    try connection.write(RawConnection.request("POST", "/echo", headers: [("Transfer-Encoding", "chunked")]))
                    try connection.write("5\r\nhello\r\n")
                    try connection.write("7;ext=1\r\n, world\r\n0\r\nTrailer: x\r\n\r\n")
                    return try connection.readResponse()
                }
                #expect(response.status == 200)
                #expect(response.text == "POST 12: hello, world")
            }
        }

        @Test func chunkedRequestBody_isPacedByTheUploadCap() async throws {
            try await withMockServer(.init(routes: Self.routes)) { server in
                let piece = String(repeating: "z", count: 10_000)
                let target = "/echo?upload-bandwidth=200KB/s"
                let response = try await blocking { [port = server.port] in
                    let connection = try RawConnection(port: port)
                    try connection.write(RawConnection.request("POST", target, headers: [("Transfer-Encoding", "chunked")]))
                    for _ in 0..<10 { try connection.write("2710\r\n\(piece)\r\n") }
                    try connection.write("0\r\n\r\n")
                    return try connection.readResponse()
                }
                #expect(response.text.hasPrefix("POST 100000: zzz"))
                await server.settled()
                // 100 KB of data and 80 bytes of framing at 200 KB/s, timed from the head.
                let duration = try await server.entry(target).duration.seconds
                #expect(abs(duration - 0.5) <= 0.125, "\(duration)")
            }
        }

        // MARK: - Routing

        @Test func customRoute_capturesParameters_andSeesTheQuery() async throws {
            try await withMockServer(.init(routes: Self.routes)) { server in
                let response = try await server.get("/users/42/posts/caf%C3%A9?q=a+b")
                #expect(response.status == 200)
                #expect(response["Content-Type"] == "application/json")
                #expect(response.text == #"{"id": "42", "post": "café", "q": "a b"}"#)
                #expect(try await server.get("/users/42/posts").status == 404)
                #expect(try await server.get("/users/42/posts/1/more").status == 404)
            }
        }

        @Test func wildcardRoute_matchesAnyRest() async throws {
            try await withMockServer(.init(routes: Self.routes)) { server in
                let deep = try await server.get("/files/a/b/c.txt")
                let shallow = try await server.get("/files/x")
                #expect(deep.text == "path /files/a/b/c.txt")
                #expect(shallow.text == "path /files/x")
            }
        }

        @Test func routeWithoutMethod_matchesEveryMethod_andCustomRoutesComeFirst() async throws {
            try await withMockServer(.init(routes: Self.routes)) { server in
                let delete = try await server.get("/any", method: .delete)
                let propfind = try await server.get("/any", method: "PROPFIND")
                let shadowed = try await server.get("/bytes/shadowed")
                #expect(delete.text == "method DELETE")
                #expect(propfind.text == "method PROPFIND")
                #expect(shadowed.text == "custom routes come first")
            }
        }

        @Test func customRoute_payload_isTheDeterministicPayload_withRanges() async throws {
            try await withMockServer(.init(routes: Self.routes)) { server in
                #expect(try await server.get("/big").body == Payload.bytes(seed: 9, count: 100_000))
                let part = try await server.get("/big", headers: [("Range", "bytes=10-19")])
                #expect(part.status == 206)
                #expect(try part.body == Payload.bytes(seed: 9, offset: 10, count: 10))
            }
        }

        @Test func throwingHandler_answers500_withTheError() async throws {
            try await withMockServer(.init(routes: Self.routes)) { server in
                let response = try await server.get("/fail")
                #expect(response.status == 500)
                #expect(response.text.contains("the database is on fire"))
                #expect(try await server.get("/bytes/1").status == 200)
            }
        }

        @Test func unknownPath_answers404_andWrongMethod_answers405WithAllow() async throws {
            try await withMockServer(.init(routes: Self.routes)) { server in
                let missing = try await server.get("/nowhere/at/all")
                #expect(missing.status == 404)
                #expect(missing.text.contains("GET / lists them"))
                let post = try await server.get("/bytes/10", method: .post)
                #expect(post.status == 405)
                #expect(post["Allow"] == "GET, HEAD")
                let link = try await server.get("/_lab/link", method: .post)
                #expect(link.status == 405)
                #expect(link["Allow"] == "GET, HEAD, PUT")
                // A route of the user's answers a method it does not take the same way.
                let echo = try await server.get("/echo")
                #expect(echo.status == 405)
                #expect(echo["Allow"] == "POST")
                let users = try await server.get("/users/1/posts/2", method: .delete)
                #expect(users.status == 405)
                #expect(users["Allow"] == "GET, HEAD")
            }
        }

        @Test func index_listsTheEndpoints() async throws {
            try await withMockServer { server in
                let index = try await server.get("/")
                #expect(index.status == 200)
                #expect(index.text.contains("/bytes/{size}"))
            }
        }

        @Test(arguments: [200, 201, 302, 404, 418, 500, 503, 599])
        func statusEndpoint_answersThatStatus_forAnyMethod(code: Int) async throws {
            try await withMockServer { server in
                for method: RequestMethod in [.get, .post, .delete] {
                    let response = try await server.get("/status/\(code)", method: method)
                    #expect(response.status == code)
                    #expect(response.text.hasPrefix("\(code) "))
                }
            }
        }

        @Test func statusEndpoint_204And304_haveNoBodyAndNoLength() async throws {
            try await withMockServer { server in
                for code in [204, 304] {
                    let port = server.port
                    let (response, next) = try await blocking {
                        let connection = try RawConnection(port: port)
                        return (try connection.exchange(RawConnection.request("GET", "/status/\(code)")),
                                try connection.exchange(RawConnection.request("GET", "/bytes/2")))
                    }
                    #expect(response.status == code)
                    #expect(response["Content-Length"] == nil)
                    #expect(next.body.count == 2)
                }
            }
        }

        @Test(arguments: ["99", "100", "600", "abc", "2OO", "-1", ""])
        func statusEndpoint_refusesCodesItCannotSend(code: String) async throws {
            try await withMockServer { server in
                let response = try await server.get("/status/\(code)")
                #expect(response.status == 400)
            }
        }
    }
}

import Foundation
import MockServer
import NetworkCore
import TestSupport
import Testing

/// Every resource limit, at its boundary: a request exactly at a limit is served, one byte or
/// one field over is refused with its status and a close; connections beyond the limit wait and
/// are served once others close; silent and trickling clients are cut at their timeouts.
@Suite struct LimitsTests {
    @Test func defaults_areTheDocumentedSafeValues() throws {
        let limits = MockServer.Limits()
        #expect(limits.maxRequestLine == 8 * 1024)
        #expect(limits.maxHeaderBytes == 32 * 1024)
        #expect(limits.maxHeaderCount == 100)
        #expect(limits.maxRequestBody == 64 * 1024 * 1024)
        #expect(limits.maxConnections == MockServer.Limits.defaultMaxConnections)
        #expect(limits.idleTimeout == .seconds(60))
        #expect(limits.headerTimeout == .seconds(10))
        #expect(MockServer.Configuration().limits == limits)
        #expect(MockServer.Configuration().host == "127.0.0.1")
        // This process's own limit, read independently: 16,384 or three quarters of it.
        let line = try #require(try String(contentsOfFile: "/proc/self/limits", encoding: .utf8)
            .split(separator: "\n").first { $0.hasPrefix("Max open files") })
        let soft = try #require(Int(line.split(separator: " ")[3]))
        #expect(MockServer.Limits.defaultMaxConnections == min(16_384, soft - soft / 4))
    }

    /// `GET /bytes/1?p=aaa… HTTP/1.1` CRLF, padded to exactly `length` bytes with its CRLF.
    static func requestLine(length: Int) -> String {
        let bare = "GET /bytes/1?p= HTTP/1.1\r\n"
        return "GET /bytes/1?p=\(String(repeating: "a", count: length - bare.utf8.count)) HTTP/1.1\r\n"
    }

    @Test(arguments: [(256, 200), (257, 414)])
    func requestLine_atTheLimit_isServed_andOneByteOver_is414(length: Int, status: Int) async throws {
        try await withMockServer(.init(limits: .init(maxRequestLine: 256))) { server in
            let line = Self.requestLine(length: length)
            #expect(line.utf8.count == length)
            let (response, end) = try await blocking { [port = server.port] in try WireConnection.exchange(line + "Host: t\r\n\r\n", port: port) }
            #expect(response?.status == status)
            #expect(end == .closed)
        }
    }

    @Test(arguments: [(1024, 200), (1025, 431)])
    func headerSection_atTheLimit_isServed_andOneByteOver_is431(length: Int, status: Int) async throws {
        try await withMockServer(.init(limits: .init(maxHeaderBytes: 1024))) { server in
            let start = "GET /bytes/1 HTTP/1.1\r\nHost: t\r\nX-Pad: \r\n\r\n"
            let head = "GET /bytes/1 HTTP/1.1\r\nHost: t\r\nX-Pad: \(String(repeating: "p", count: length - start.utf8.count))\r\n\r\n"
            #expect(head.utf8.count == length)
            let (response, end) = try await blocking { [port = server.port] in try WireConnection.exchange(head, port: port) }
            #expect(response?.status == status)
            #expect(end == .closed)
        }
    }

    @Test(arguments: [(20, 200), (21, 431)])
    func headerCount_atTheLimit_isServed_andOneFieldOver_is431(fields: Int, status: Int) async throws {
        try await withMockServer(.init(limits: .init(maxHeaderCount: 20))) { server in
            let head = "GET /bytes/1 HTTP/1.1\r\nHost: t\r\n" + (1..<fields).map { "X-\($0): v\r\n" }.joined() + "\r\n"
            let (response, _) = try await blocking { [port = server.port] in try WireConnection.exchange(head, port: port) }
            #expect(response?.status == status)
        }
    }

    @Test(arguments: [(1000, 200), (1001, 413)])
    func requestBody_atTheLimit_isServed_andOneByteOver_is413(length: Int, status: Int) async throws {
        let routes = [Route(.post, "/upload") { request in .text("\(request.body.count)") }]
        try await withMockServer(.init(routes: routes, limits: .init(maxRequestBody: 1000))) { server in
            for chunked in [false, true] {
                let body = String(repeating: "b", count: length)
                let request = chunked
                    ? "POST /upload HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n\(String(length, radix: 16))\r\n\(body)\r\n0\r\n\r\n"
                    : "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: \(length)\r\n\r\n\(body)"
                let (response, _) = try await blocking { [port = server.port] in try WireConnection.exchange(request, port: port) }
                #expect(response?.status == status, "chunked: \(chunked)")
                if status == 200 { #expect(response.map { String(decoding: $0.body, as: UTF8.self) } == "\(length)") }
            }
        }
    }

    @Test func connectionsBeyondTheLimit_waitInTheBacklog_andAreServedWhenOthersClose() async throws {
        try await withMockServer(.init(limits: .init(maxConnections: 4))) { server in
            let port = server.port
            let held = try await blocking { try (0..<4).map { _ in try WireConnection(port: port, readTimeout: 10) } }
            try await waitUntil { await server.connectionCount() == 4 }
            // Fifty more: the kernel completes their handshakes, the server leaves them queued.
            // A connect into a full backlog blocks (the kernel drops the SYN): off the pool.
            let (waiting, early) = try await blocking { () throws -> ([WireConnection], Bool) in
                let waiting = try (0..<50).map { _ in try WireConnection(port: port, readTimeout: 10) }
                for connection in waiting {
                    connection.send(Array("GET /bytes/3 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".utf8))
                }
                return (waiting, waiting[0].waitReadable(seconds: 0.5))
            }
            #expect(!early, "a connection beyond the limit was served")
            #expect(await server.connectionCount() == 4)

            held[0].close()
            let answers = try await blocking {
                waiting.map { connection in
                    let (bytes, end) = connection.readToEnd()
                    connection.close()  // frees the slot for the next one at once
                    return (ReceivedResponses(bytes, methods: [.get]).responses.first?.status, end)
                }
            }
            #expect(answers.allSatisfy { $0.0 == 200 && $0.1 == .closed }, "\(answers.filter { $0.0 != 200 })")
            try await waitUntil { await server.connectionCount() == 3 }
            for connection in held { connection.close() }
        }
    }

    // The timeouts' instants on virtual time (`VirtualServer`: the server's exchange machine
    // and endpoints, no sockets): exact, and the same on a loaded machine or under a sanitizer.

    @Test func silentConnection_isClosedExactlyAtTheIdleTimeout() {
        let server = VirtualServer(.init(limits: .init(idleTimeout: .milliseconds(400))))
        let t0 = server.startedAt
        let connection = server.connect(at: t0)
        connection.advance(to: t0 + .milliseconds(399))
        #expect(connection.take() == nil)
        connection.advance(to: t0 + .seconds(60))
        let closed = connection.take()
        #expect(closed?.at == t0 + .milliseconds(400) && closed?.output == .end)
        #expect(connection.take() == nil)
        #expect(server.journal.isEmpty)
    }

    /// Slowloris: a header line every 100 ms keeps the connection from ever being idle for the
    /// idle timeout, but the head must be complete within the header timeout of its first byte.
    @Test func slowLoris_isAnswered408AtTheHeaderTimeoutOfItsFirstByte_whileAnHonestClientIsServed() throws {
        let limits = MockServer.Limits(idleTimeout: .milliseconds(300), headerTimeout: .seconds(1))
        let server = VirtualServer(.init(limits: limits))
        let t0 = server.startedAt
        let loris = server.connect(at: t0)
        loris.advance(to: t0 + .milliseconds(200))
        loris.receive(Array("GET /bytes/10 HTTP/1.1\r\nHost: t\r\n".utf8), at: t0 + .milliseconds(200))
        for line in 1...20 {
            loris.receive(Array("X-Slow-\(line): x\r\n".utf8), at: t0 + .milliseconds(200 + 100 * line))
        }
        let honest = server.connect(at: t0 + .milliseconds(500))
        honest.receive(Array("GET /bytes/10 HTTP/1.1\r\nHost: t\r\n\r\n".utf8), at: t0 + .milliseconds(600))
        let served = try #require(honest.take())
        #expect(served.at == t0 + .milliseconds(600))
        guard case .bytes(let answer) = served.output else {
            Issue.record("the honest client got \(served.output)")
            return
        }
        #expect(String(decoding: answer, as: UTF8.self).hasPrefix("HTTP/1.1 200 "))

        let refused = try #require(loris.take())
        #expect(refused.at == t0 + .milliseconds(1200))
        guard case .bytes(let bytes) = refused.output else {
            Issue.record("the slow client got \(refused.output)")
            return
        }
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix("HTTP/1.1 408 "))
        let end = try #require(loris.take())
        #expect(end.at == t0 + .milliseconds(1200) && end.output == .end)
        let statuses: [Int] = server.journal.map { $0.status ?? 0 }.sorted()
        #expect(statuses == [200, 408])
    }

    /// The same on real sockets, with many clients: each cut with 408, never before the header
    /// timeout. How soon after is left to the virtual test above: a loaded machine or a
    /// sanitizer delays the loop.
    @Test func slowLorisClients_areCutAtTheHeaderTimeout_whileOthersAreServed() async throws {
        let limits = MockServer.Limits(idleTimeout: .milliseconds(300), headerTimeout: .seconds(1))
        try await withMockServer(.init(limits: limits)) { server in
            let port = server.port
            let outcome = try await blocking { () -> (statuses: [Int?], lines: Int, elapsed: Double) in
                let start = ContinuousClock.now
                let loris = try (0..<100).map { _ in try WireConnection(port: port, readTimeout: 60) }
                var lines = 0
                var statuses = [Int?](repeating: nil, count: loris.count)
                var done = Set<Int>()
                for connection in loris { connection.send(Array("GET /bytes/10 HTTP/1.1\r\nHost: t\r\n".utf8)) }
                // A header line from each every 100 ms: never idle for 300 ms, never complete.
                // An answer is read at once: a line sent after the server's close would draw a
                // reset, which discards what the kernel has not handed over yet.
                while done.count < loris.count && elapsedSeconds(since: start) < 60 {
                    for (index, connection) in loris.enumerated() where !done.contains(index) {
                        if connection.waitReadable(seconds: 0) {
                            done.insert(index)
                            statuses[index] = connection.readResponse()?.status
                            connection.close()
                        } else {
                            connection.send(Array("X-Slow-\(lines): x\r\n".utf8))
                        }
                    }
                    lines += 1
                    Thread.sleep(forTimeInterval: 0.1)
                }
                return (statuses, lines, elapsedSeconds(since: start))
            }
            #expect(outcome.statuses.allSatisfy { $0 == 408 }, "\(outcome.statuses.filter { $0 != 408 })")
            #expect(outcome.lines >= 5)
            #expect(outcome.elapsed > 0.9 && outcome.elapsed < 60, "cut after \(outcome.elapsed) s")
            try await waitUntil { await server.connectionCount() == 0 }
        }
    }

    @Test func slowLoris_duringTheTimeout_doesNotDelayAnHonestClient() async throws {
        let limits = MockServer.Limits(headerTimeout: .seconds(60))
        try await withMockServer(.init(limits: limits)) { server in
            let port = server.port
            let (response, elapsed) = try await blocking {
                let loris = try (0..<200).map { _ in try WireConnection(port: port, readTimeout: 60) }
                defer { for connection in loris { connection.close() } }
                for connection in loris { connection.send(Array("GET /bytes/10 HTTP/1.1\r\nHost: t\r\nX-A: 1\r\n".utf8)) }
                let start = ContinuousClock.now
                let (response, _) = try WireConnection.exchange("GET /bytes/10 HTTP/1.1\r\nHost: t\r\n\r\n", port: port)
                return (response, elapsedSeconds(since: start))
            }
            #expect(response?.status == 200)
            // Served in milliseconds; "long before the slow clients' timeout" is all a loaded
            // machine allows to assert.
            #expect(elapsed < 30, "answered after \(elapsed) s")
        }
    }
}

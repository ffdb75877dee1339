import Foundation
import MockServer
import Testing

@Suite struct MockServerValidationTests {
    /// The values of issue 14, each of which crashed the process, went on the wire or was
    /// silently ignored: each is now refused, naming the rule and the reason.
    @Test(arguments: [
        (FaultRule.slice(bytes: 0, delay: .milliseconds(1)), "SIZE must be 1 or more"),
        (.status(99), "CODE must be 200...599"),
        (.status(1000), "CODE must be 200...599"),
        (.corrupt(count: 0), "N must be 1 to 65536"),
        (.corrupt(count: 65_537), "N must be 1 to 65536"),
        (.reset.rate(-3), "fault-rate"),
        (.reset.rate(.nan), "fault-rate"),
        (.reset.rate(1.5), "fault-rate"),
        (.reset.first(-1), "fault-first"),
        (.reset.retryAfter(1), "retry-after"),
        (.status(503).retryAfter(-1), "retry-after"),
        (.slice(bytes: 1, delay: .seconds(86_401)), "DELAY"),
        (.resetAfter(bytes: -1), "SIZE must be 0 or more"),
    ])
    func badFaultRule_isRefusedByStartAndSetFaults_namingTheRuleAndWhy(rule: FaultRule, reason: String) async throws {
        func isRefused(_ error: any Error) -> Bool {
            guard case .invalidFaultRule(let index, let spec) = error as? MockServerError else { return false }
            return index == 1 && "\(spec)".contains(reason) && "\(error)".hasPrefix("fault rule 1: ")
        }
        await #expect(performing: { _ = try await MockServer.start(.init(faults: [.close.first(0), rule])) }, throws: isRefused)
        try await withMockServer { server in
            #expect(performing: { try server.setFaults([.close.first(0), rule]) }, throws: isRefused)
            #expect(server.faults == .none)
            let response = try await server.get("/bytes/10")
            #expect(response.status == 200)
        }
    }

    /// A route's own faults are held to the same bounds: `status:1000` on a route once went on
    /// the wire as a malformed status line, and `slice:0` was silently ignored.
    @Test(arguments: [
        (FaultRule.slice(bytes: 0, delay: .milliseconds(1)), "SIZE must be 1 or more"),
        (.status(1000), "CODE must be 200...599"),
        (.corrupt(count: 0), "N must be 1 to 65536"),
        (.reset.rate(.nan), "fault-rate"),
        (.resetAfter(bytes: -5), "SIZE must be 0 or more"),
    ])
    func badRouteFaultRule_isRefusedByStart_namingTheRouteAndTheRule(rule: FaultRule, reason: String) async throws {
        let routes = [
            Route(.get, "/fine", faults: [.status(503).first(1)]) { _ in .text("ok") },
            Route(.get, "/x", faults: [.close.first(0), rule]) { _ in .text("hello") },
        ]
        await #expect(performing: { _ = try await MockServer.start(.init(routes: routes)) }, throws: { error in
            guard case .invalidConfiguration(let field, _, let why) = error as? MockServerError else { return false }
            return field == "routes[1].faults[1]" && why.contains(reason)
        })
    }

    /// Paths a request's path could never match, or could match only by accident, are refused.
    @Test(arguments: [
        ("hello", "must start with /"),
        ("/hello/:name", "a parameter is written {name}: :name would match only itself"),
        ("/files/{path", "{path: a parameter is a whole segment, {name}"),
        ("/files/{}", "{}: a parameter is a whole segment"),
        ("/files/v{n}", "v{n}: a parameter is a whole segment"),
        ("/files/{a{b}", "{a{b}: a parameter is a whole segment"),
        ("/files/{path*}/raw", "{path*} captures the rest of the path, so it must be the last segment"),
    ])
    func badRoutePath_isRefusedByStart_sayingHowToWriteIt(path: String, reason: String) async throws {
        let routes = [Route(.get, path) { _ in .text("hello") }]
        await #expect(performing: { _ = try await MockServer.start(.init(routes: routes)) }, throws: { error in
            guard case .invalidConfiguration(let field, let value, let why) = error as? MockServerError else { return false }
            return field == "routes[0].path" && value == "\"\(path)\"" && why.contains(reason)
        })
    }

    @Test func goodRoutePaths_areServed_aColonInsideASegmentIncluded() async throws {
        let routes = [
            Route(.get, "/v1/jobs/{id}:cancel") { _ in .text("not a parameter") },
            Route(.get, "/v1/tasks/a:run") { _ in .text("ran") },
            Route(.get, "/users/{id}") { request in .text("user \(request.parameters["id"] ?? "")") },
            Route(.get, "/files/*") { _ in .text("file") },
            Route(nil, "*") { _ in .text("anything else") },
        ]
        await #expect(throws: MockServerError.self) { _ = try await MockServer.start(.init(routes: Array(routes.prefix(1)))) }
        try await withMockServer(.init(routes: Array(routes.dropFirst()))) { server in
            for (path, body) in [("/v1/tasks/a:run", "ran"), ("/users/7", "user 7"), ("/files/a/b", "file"), ("/other", "anything else")] {
                let response = try await server.get(path)
                #expect(response.status == 200 && response.text == body, "\(path)")
            }
        }
    }

    @Test func badLink_isRefusedByStartAndSetLink_andTheLinkInForceStays() async throws {
        let bad = LinkProfile(latency: .seconds(-1))
        await #expect(throws: MockServerError.self) { _ = try await MockServer.start(.init(link: bad)) }
        try await withMockServer(.init(link: .preset(.dsl))) { server in
            #expect {
                try server.setLink(bad)
            } throws: { error in
                guard case .invalidLink(.outOfRange(parameter: "latency", _, _)) = error as? MockServerError else { return false }
                return true
            }
            #expect(server.link == .preset(.dsl))
        }
    }

    @Test(arguments: [
        (MockServer.Configuration(limits: .init(maxConnections: 0)), "limits.maxConnections"),
        (.init(limits: .init(maxRequestLine: -1)), "limits.maxRequestLine"),
        (.init(limits: .init(maxHeaderBytes: 0)), "limits.maxHeaderBytes"),
        (.init(limits: .init(maxHeaderCount: 0)), "limits.maxHeaderCount"),
        (.init(limits: .init(maxRequestBody: -1)), "limits.maxRequestBody"),
        (.init(limits: .init(idleTimeout: .zero)), "limits.idleTimeout"),
        (.init(limits: .init(headerTimeout: .seconds(-1))), "limits.headerTimeout"),
        (.init(limits: .init(idleTimeout: .seconds(Int64.max))), "limits.idleTimeout"),
        (.init(journalCapacity: 0), "journalCapacity"),
        (.init(journalCapacity: Int.max), "journalCapacity"),
        (.init(port: 65_536), "port"),
        (.init(port: -1), "port"),
    ])
    func badConfiguration_isRefusedByStart_namingTheField(configuration: MockServer.Configuration, field: String) async {
        await #expect {
            _ = try await MockServer.start(configuration)
        } throws: { error in
            guard case .invalidConfiguration(let name, _, _) = error as? MockServerError else { return false }
            return name == field
        }
    }

    /// An HTTP proxy's upstream settings are checked at start: a timeout of zero or less failed
    /// every request as unreachable, and a negative count of idle connections was taken.
    @Test(arguments: [
        (MockServer.Upstream(url: URL(string: "http://127.0.0.1:9")!, timeout: .zero), "upstream.timeout"),
        (MockServer.Upstream(url: URL(string: "http://127.0.0.1:9")!, timeout: .seconds(-5)), "upstream.timeout"),
        (MockServer.Upstream(url: URL(string: "http://127.0.0.1:9")!, timeout: .seconds(90_000)), "upstream.timeout"),
        (MockServer.Upstream(url: URL(string: "http://127.0.0.1:9")!, maxIdleConnections: -1), "upstream.maxIdleConnections"),
    ])
    func badUpstreamSetting_isRefusedByStart_namingTheField(upstream: MockServer.Upstream, field: String) async {
        var configuration = MockServer.Configuration()
        configuration.upstream = upstream
        await #expect(performing: { _ = try await MockServer.start(configuration) }, throws: { error in
            guard case .invalidConfiguration(let name, _, _) = error as? MockServerError else { return false }
            return name == field
        })
    }

    /// A status outside 200...599 would go on the wire as `HTTP/1.1 99 Status 99`, or as an
    /// interim `101` that the client waits past: the client gets a 500 naming it instead.
    @Test(arguments: [99, 101, 199, 600, 1000, -1, Int.max])
    func routeAnsweringAStatusOutside200to599_gets500NamingIt(status: Int) async throws {
        let route = Route(.get, "/odd") { _ in MockServer.Response(status: status, body: .bytes(Array("odd".utf8))) }
        try await withMockServer(.init(routes: [route])) { server in
            let response = try await server.get("/odd")
            #expect(response.status == 500)
            #expect(String(decoding: response.body, as: UTF8.self).contains("answered with status \(status)"))
            let next = try await server.get("/bytes/10")
            #expect(next.status == 200)
        }
    }

    /// What a handler can build but the server cannot send as it is. A header name with a space
    /// went on the wire as it was. Two framings went out in one head: a `Transfer-Encoding`
    /// beside the server's `Content-Length` (curl failed on it), a `Content-Length` on a stream
    /// without a length beside `Transfer-Encoding: chunked`. Negative lengths were sent as
    /// empty bodies. Each now gets a 500 naming it.
    @Test(arguments: [
        (MockServer.Response(headers: ["Bad Name": "x"], body: .bytes([1])), "the header name \"Bad Name\", which is not a token"),
        (MockServer.Response(headers: ["": "x"], body: .bytes([1])), "the header name \"\", which is not a token"),
        (MockServer.Response(headers: ["Transfer-Encoding": "chunked"], body: .bytes([1, 2])), "Transfer-Encoding; the server frames the body"),
        (.payload(size: -1), "a payload of -1 bytes"),
        (.stream(length: -5, AsyncStream { $0.finish() }), "a stream of length -5"),
        (.stream(headers: ["Content-Length": "5"], AsyncStream { $0.yield(Array("hello".utf8)); $0.finish() }), "a Content-Length on a stream of unknown length"),
    ])
    func routeAnsweringWhatCannotGoOnTheWire_gets500NamingIt(response: MockServer.Response, reason: String) async throws {
        let route = Route(.get, "/odd") { _ in response }
        try await withMockServer(.init(routes: [route])) { server in
            let answer = try await server.get("/odd")
            #expect(answer.status == 500)
            #expect(String(decoding: answer.body, as: UTF8.self).contains(reason), "\(answer.text)")
            #expect(try await server.get("/bytes/10").status == 200)
            await server.settled()
            #expect(try await server.entry("/odd").error?.contains(reason) == true, "the journal says why too")
        }
    }

    /// A handler that throws gets a 500 with its error, and the journal (so the dashboard) keeps it.
    @Test func routeWhoseHandlerThrows_gets500_andTheJournalSaysWhy() async throws {
        struct Unavailable: Error, CustomStringConvertible { var description: String { "the database is down" } }
        let route = Route(.get, "/throws") { _ in throw Unavailable() }
        try await withMockServer(.init(routes: [route])) { server in
            let answer = try await server.get("/throws")
            #expect(answer.status == 500)
            #expect(answer.text == "the route's handler failed: the database is down\n")
            await server.settled()
            #expect(try await server.entry("/throws").error == "the route's handler failed: the database is down")
            #expect(try await server.get("/bytes/10").status == 200)
            await server.settled()
            #expect(try await server.entry("/bytes/10").error == nil)
        }
    }

    @Test(arguments: [200, 204, 418, 599])
    func routeAnsweringAStatusInside200to599_sendsIt(status: Int) async throws {
        let route = Route(.get, "/fine") { _ in MockServer.Response(status: status) }
        try await withMockServer(.init(routes: [route])) { server in
            let response = try await server.get("/fine")
            #expect(response.status == status)
        }
    }

    @Test func limitsAtTheirBounds_serve() async throws {
        let limits = MockServer.Limits(maxConnections: 1, idleTimeout: .seconds(86_400), headerTimeout: .seconds(86_400))
        try await withMockServer(.init(limits: limits, journalCapacity: 1)) { server in
            let response = try await server.get("/bytes/10")
            #expect(response.status == 200)
        }
    }

    @Test func withMockServer_canEndInAnExpression_withoutAWarning() async throws {
        // Compiles without "result of call to 'withMockServer' is unused".
        try await withMockServer { server in server.port }
    }
}

import Foundation
import NetworkCore
import Testing
@testable import MockServer

@Suite struct RoutingTableTests {
    static let routes = [
        Route(.post, "/echo") { _ in .text("echo") },
        Route(.get, "/users/{id}") { _ in .text("user") },
        Route(.put, "/bytes/{name}") { _ in .text("custom bytes") },
    ]

    /// What the table answers `method target` with: the custom route's path, or the status and
    /// `Allow` of the built-in answer, and whether it is a control answer.
    static func answer(
        _ method: RequestMethod, _ target: String, control: Bool = true
    ) -> (route: String?, status: Int?, allow: String?, control: Bool) {
        let configuration = MockServer.Configuration(routes: routes, controlEndpoints: control)
        let state = ServerState(configuration)
        let head = HTTPRequestHead(method: method, target: target)
        let context = RequestContext(head: head, query: [], body: [], state: state)
        switch state.table.route(context) {
        case .custom(let route, _):
            return (route.path, nil, nil, false)
        case .plan(let plan, let isControl):
            return (nil, plan.status, plan.headers["Allow"], isControl)
        case .recorded(let plan, _, _):
            return (nil, plan.status, nil, false)
        }
    }

    /// The built-in endpoints' patterns pass the check that users' routes must pass.
    @Test func builtInPatterns_haveNoProblem() {
        let patterns = EndpointGroup.builtIn.flatMap(\.endpoints).map(\.pattern)
        #expect(!patterns.isEmpty)
        for pattern in patterns {
            #expect(pattern.problem == nil, "\(pattern)")
        }
    }

    @Test func recordings_comeAfterTheUserRoutes_beforeTheBuiltIns_andMissesLast() {
        func entry(_ method: String, _ url: String, _ status: Int) -> HAREntry {
            HAREntry(
                started: Date(), request: HARRequest(method: method, url: url, headers: [:]),
                response: HARResponse(status: status, headers: [:], body: []), timings: HARTimings(send: 0, wait: 0, receive: 0)
            )
        }
        let archive = HARArchive(entries: [entry("GET", "https://x/bytes/10", 201), entry("GET", "https://x/users/7", 202), entry("GET", "https://x/api", 203)])
        let state = ServerState(MockServer.Configuration(routes: Self.routes, replay: Replay(archives: [archive])))
        func status(_ method: RequestMethod, _ target: String) -> Int? {
            let context = RequestContext(head: HTTPRequestHead(method: method, target: target), query: [], body: [], state: state)
            switch state.table.route(context) {
            case .plan(let plan, _), .recorded(let plan, _, _): return plan.status
            case .custom: return nil
            }
        }
        #expect(status(.get, "/users/7") == nil, "the user's route wins")
        #expect(status(.get, "/bytes/10") == 201, "the recording wins over /bytes")
        #expect(status(.get, "/bytes/11") == 200, "the built-in endpoints stay")
        #expect(status(.get, "/api") == 203)
        #expect(status(.get, "/_lab/journal") == 200)
        #expect(status(.get, "/missing") == 404)
    }

    @Test func userRoutes_comeBeforeTheBuiltInEndpoints() {
        #expect(Self.answer(.put, "/bytes/10").route == "/bytes/{name}")
        #expect(Self.answer(.get, "/bytes/10").status == 200)
        #expect(Self.answer(.get, "/users/7").route == "/users/{id}")
        #expect(Self.answer(.head, "/users/7").route == "/users/{id}")
    }

    @Test func wrongMethod_onAUserRoute_answers405WithAllow() {
        let echo = Self.answer(.get, "/echo")
        #expect(echo.status == 405)
        #expect(echo.allow == "POST")
        #expect(echo.control == false)
        #expect(Self.answer(.delete, "/users/7").allow == "GET, HEAD")
    }

    @Test func wrongMethod_allowsTheMethodsOfEveryEntryForThatPath() {
        let bytes = Self.answer(.post, "/bytes/10")
        #expect(bytes.status == 405)
        #expect(bytes.allow == "PUT, GET, HEAD")
    }

    @Test func wrongMethod_onAControlEndpoint_isAControlAnswer() {
        let link = Self.answer(.post, "/_lab/link")
        #expect(link.status == 405)
        #expect(link.allow == "GET, HEAD, PUT")
        #expect(link.control)
    }

    @Test func unknownControlPath_answers404_whateverTheMethod() {
        // `/_lab/` itself is the dashboard (GET and HEAD only: a POST there is a 405).
        for target in ["/_lab", "/_lab/nothing", "/_lab/journal/more"] {
            let answer = Self.answer(.post, target)
            #expect(answer.status == 404, "\(target)")
            #expect(answer.control, "\(target)")
        }
    }

    @Test func controlEndpoints_areGone_withoutControl() {
        let journal = Self.answer(.get, "/_lab/journal", control: false)
        #expect(journal.status == 404)
        #expect(journal.control == false)
    }

    /// Targets that name no resource (RFC 9112 §3.2.3-4) once answered 404 "* is not an
    /// endpoint" and "127.0.0.1:443 is not an endpoint".
    @Test func optionsAsterisk_answers204_andConnect_answers501() {
        #expect(Self.answer(.options, "*").status == 204)
        #expect(Self.answer(.connect, "127.0.0.1:443").status == 501)
        #expect(Self.answer(.options, "/bytes/1").status == 405, "an OPTIONS for a resource is that resource's business")
    }

    /// A proxy forwards `OPTIONS *` (the upstream is the server it asks about) but not a
    /// CONNECT: a reverse proxy opens no tunnels.
    @Test func aProxysTable_forwardsOptionsAsterisk_butAnswersConnectItself() {
        let forward = Route(nil, "*") { _ in .text("forwarded") }
        let table = RoutingTable(routes: [], controlEndpoints: true, forward: forward)
        let state = ServerState(MockServer.Configuration())
        func outcome(_ method: RequestMethod, _ target: String) -> (forwarded: Bool, status: Int?) {
            let head = HTTPRequestHead(method: method, target: target)
            switch table.route(RequestContext(head: head, query: [], body: [], state: state)) {
            case .custom: return (true, nil)
            case .plan(let plan, _), .recorded(let plan, _, _): return (false, plan.status)
            }
        }
        #expect(outcome(.options, "*") == (true, nil))
        #expect(outcome(.get, "/anything") == (true, nil))
        #expect(outcome(.connect, "127.0.0.1:443") == (false, 501))
        #expect(table.customRoute(for: HTTPRequestHead(method: .connect, target: "127.0.0.1:443")) == nil)
    }

    @Test(arguments: ["/nowhere", "/bytes", "/bytes/1/2", "/fixtures", "/status", "/status/200/x", "//", "/_labs"])
    func unknownPath_answers404(target: String) {
        #expect(Self.answer(.get, target).status == 404)
    }

    @Test func patterns_captureRawSegments_andTheRest() {
        #expect(PathPattern("/bytes/{size}").match("/bytes/10%4D") == ["size": "10%4D"])
        #expect(PathPattern("/bytes/{size}").match("/bytes/") == ["size": ""])
        #expect(PathPattern("/fixtures/{path*}").match("/fixtures/a/b%20c") == ["path": "a/b%20c"])
        #expect(PathPattern("/fixtures/{path*}").match("/fixtures/") == ["path": ""])
        #expect(PathPattern("/fixtures/{path*}").match("/fixtures") == nil)
        #expect(PathPattern("/fixtures/{path*}").description == "/fixtures/{path}")
    }

    @Test func patterns_matchWholeSegments_only() {
        #expect(PathPattern("/bytes/{size}").match("/bytes/1KiB/") == nil)
        #expect(PathPattern("/bytes/{size}").match("/bytes") == nil)
        #expect(PathPattern("/bytes/{size}").match("/bytesx/1") == nil)
        #expect(PathPattern("/bytes/{size}").match("bytes/1") == nil)
        #expect(PathPattern("/").match("/") == [:])
        #expect(PathPattern("/").match("//") == nil)
        #expect(PathPattern("/_lab/journal").match("/_lab/journal") == [:])
        #expect(PathPattern("/_lab/journal").match("/_lab/journal.har") == nil)
        #expect(PathPattern("/a/{x}/b/{y}").match("/a/1/b/2") == ["x": "1", "y": "2"])
        #expect(PathPattern("/a/{x}/b/{y}").match("/a/1/c/2") == nil)
    }
}

import Testing
@testable import MockServer

/// How a route's path pattern matches a request's (percent-decoded) path, without a server:
/// literal segments, `{name}` capturing one segment, a final `*` taking any rest, a final
/// `{name*}` capturing it.
@Suite struct RouteTests {
    func route(_ pattern: String) -> Route {
        Route(.get, pattern) { _ in .text("") }
    }

    @Test(arguments: [
        ("/users/{id}", "/users/7", ["id": "7"]),
        ("/users/{id}", "/users/", ["id": ""]),
        ("/users/{id}/posts/{post}", "/users/a b/posts/1", ["id": "a b", "post": "1"]),
        ("/files/*", "/files/a/b.txt", [:]),
        ("/files/*", "/files/", [:]),
        ("/files/*", "/files", [:]),
        ("*", "/anything/at/all", [:]),
        ("/v1/tasks/a:run", "/v1/tasks/a:run", [:]),
        ("/", "/", [:]),
        ("/files/{path*}", "/files/a/b.txt", ["path": "a/b.txt"]),
    ])
    func pattern_matchesPath_capturingItsParameters(pattern: String, path: String, parameters: [String: String]) {
        #expect(route(pattern).match(path: path) == parameters)
    }

    @Test(arguments: [
        ("/users/{id}", "/users/7/posts"),
        ("/users/{id}", "/users"),
        ("/files/*", "/filesystem"),
        ("/a/*/c", "/a/b/c"),
        ("/hello", "/hello/"),
        ("/hello", "/Hello"),
        ("/files/{path*}", "/files"),
    ])
    func pattern_doesNotMatchPath(pattern: String, path: String) {
        #expect(route(pattern).match(path: path) == nil)
    }

    @Test func aGetRoute_answersHeadToo_andANilMethodAnswersAny() {
        #expect(route("/x").answers(.get) && route("/x").answers(.head) && !route("/x").answers(.post))
        let any = Route(nil, "/x") { _ in .text("") }
        #expect(any.answers(.post) && any.answers(RequestMethod(rawValue: "PURGE")))
    }
}

import NetworkCore

/// A built-in endpoint in the routing table: the methods it answers, its path pattern, and
/// its answer, computed on the event loop from the whole request.
struct Endpoint: Sendable {
    /// Builds the response from the request and the pattern's captures.
    typealias Respond = @Sendable (RequestContext, _ captures: [String: String]) -> ResponsePlan

    /// The methods answered; nil answers any method.
    let methods: [RequestMethod]?
    let pattern: PathPattern
    /// Consulted only when no other entry's path matches: a catch-all under a prefix (`/_lab/…`)
    /// that must not turn a wrong method on a known path into its own answer.
    let fallback: Bool
    let respond: Respond

    init(_ methods: [RequestMethod]?, _ pattern: String, fallback: Bool = false, respond: @escaping Respond) {
        self.methods = methods
        self.pattern = PathPattern(pattern)
        self.fallback = fallback
        self.respond = respond
    }

    func answers(_ method: RequestMethod) -> Bool {
        methods?.contains(method) ?? true
    }
}

/// A line of the endpoint list that the index page at `/` shows (and that `lab serve --help`
/// and README's endpoint table are checked against).
package struct EndpointDescription: Sendable, Equatable {
    /// The methods as shown: `GET|HEAD`, `ANY`.
    package let methods: String
    /// The path pattern as shown: `/bytes/{size}`.
    package let path: String
    package let summary: String

    init(_ methods: String, _ path: String, _ summary: String) {
        self.methods = methods
        self.path = path
        self.summary = summary
    }
}

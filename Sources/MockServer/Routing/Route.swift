import NetworkCore

/// A custom endpoint served next to the built-in ones: a method, a path pattern and an async
/// handler.
///
/// Patterns are literal segments, `{name}` segments that capture one segment into
/// ``MockServer/Request/parameters``, and optionally a final `*` that matches any rest, or a
/// final `{name*}` that captures it, slashes included (as the built-in endpoints' patterns).
/// Custom routes are tried before the built-in endpoints, in the order given.
/// ``MockServer/start(_:)`` refuses a path that could not match as meant: one not starting
/// with `/` (apart from `*` alone, every path), a `:name` segment, braces that are not a whole
/// `{name}` segment; and fault rules out of their bounds.
///
/// Handlers (and the chunks of a streamed body) run on threads of the server's own, not on
/// Swift's cooperative pool: a test suite that keeps the pool busy does not keep a route's
/// client waiting. Await rather than block in a handler; a blocked thread delays the handlers
/// of every server in the process.
///
/// ```swift
/// let server = try await MockServer.start(.init(routes: [
///     Route(.get, "/users/{id}") { request in .json(#"{"id": "\#(request.parameters["id"]!)"}"#) },
///     Route(.post, "/upload", faults: [Fault.status(503).first(2)]) { request in .text("got \(request.body.count) bytes") },
/// ]))
/// ```
public struct Route: Sendable {
    /// The async handler: request in, response out. A thrown error answers 500 with its description.
    public typealias Handler = @Sendable (MockServer.Request) async throws -> MockServer.Response

    /// The method to match; nil matches any method. A `GET` route answers `HEAD` too, with
    /// the same head and no body, as HTTP requires of every `GET` resource.
    public var method: RequestMethod?
    /// The path pattern.
    public var path: String {
        didSet { pattern = PathPattern(path) }
    }
    /// ``path``, parsed once: matching it allocates nothing on a miss.
    private(set) var pattern: PathPattern
    /// Faults for this route; they apply instead of the server's faults (query parameters still win).
    public var faults: FaultPlan
    /// The handler.
    public var handler: Handler
    /// When set, the handler starts as soon as the request head is in and reads the body as it
    /// arrives (``MockServer/Request/bodyStream``), up to this many bytes: a proxy's route.
    var streamedBodyLimit: Int64?
    /// When set, the query belongs to the handler alone (a proxy's upstream, toxiproxy's API):
    /// its link and fault parameters (`?latency=`, `?fault=`) are not read, so none can be
    /// refused, and a query that is not UTF-8 is not refused either.
    package var passesQueryThrough = false

    /// A route answering `method` (nil: any method) on `path`, whose `{name}` segments become
    /// ``MockServer/Request/parameters``, with `faults` in place of the server's.
    public init(_ method: RequestMethod?, _ path: String, faults: FaultPlan = .none, handler: @escaping Handler) {
        self.method = method
        self.path = path
        pattern = PathPattern(path)
        self.faults = faults
        self.handler = handler
    }

    /// Whether the route answers requests with `method`.
    func answers(_ method: RequestMethod) -> Bool {
        self.method == nil || self.method == method || (self.method == .get && method == .head)
    }

    /// The captured parameters when `path` (percent-decoded) matches the pattern, else nil.
    func match(path: String) -> [String: String]? {
        pattern.match(path)
    }
}

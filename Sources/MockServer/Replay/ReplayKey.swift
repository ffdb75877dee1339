/// What replay matches a request on: its method, its target (path and query parameters in
/// any order) and, when asked, its body.
struct ReplayKey: Hashable, Sendable {
    var method: String
    var target: ReplayTarget
    /// The body, when bodies are matched; nil otherwise.
    var body: [UInt8]?

    /// `GET /users?page=2`, for messages.
    var description: String { "\(method) \(target.description)" }
}

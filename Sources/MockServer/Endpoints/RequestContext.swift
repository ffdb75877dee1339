import NetworkCore

/// One complete request as the endpoints see it.
struct RequestContext {
    let head: HTTPRequestHead
    let query: [(name: String, value: String)]
    let body: [UInt8]
    let state: ServerState

    var method: RequestMethod { head.method }

    /// The last value of query item `name`.
    func query(_ name: String) -> String? {
        query.last { $0.name == name }?.value
    }
}

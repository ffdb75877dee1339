import NetworkCore

extension MockServer {
    /// A request as a custom route's handler sees it.
    public struct Request: Sendable {
        /// The method (`GET`, `POST`, ...).
        public var method: RequestMethod
        /// The path, percent-decoded (`/users/42`).
        public var path: String
        /// The query items in order, percent-decoded (`?a=1&b=x%20y` gives `[("a", "1"), ("b", "x y")]`).
        public var query: [(name: String, value: String)]
        /// The request headers as sent.
        public var headers: HeaderFields
        /// The request body (empty when none was sent).
        public var body: [UInt8]
        /// Values captured by `{name}` segments of the route's path pattern.
        public var parameters: [String: String]
        /// The request target and version exactly as sent, for a proxy that forwards them.
        var target = ""
        var version = HTTPVersion.http1_1

        /// The last value of query item `name`, if present.
        public func query(_ name: String) -> String? {
            query.last { $0.name == name }?.value
        }

        /// A request as a route's handler sees it; tests of a handler can build one directly.
        public init(
            method: RequestMethod, path: String, query: [(name: String, value: String)] = [],
            headers: HeaderFields = [:], body: [UInt8] = [], parameters: [String: String] = [:]
        ) {
            self.method = method
            self.path = path
            self.query = query
            self.headers = headers
            self.body = body
            self.parameters = parameters
        }
    }
}

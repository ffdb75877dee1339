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
        /// The request target as sent, path and query still percent-encoded
        /// (`/digest-auth/auth/u/p?x=1`): what digest authentication signs, and what the
        /// journal and faults key on.
        public var target: String
        /// The numeric address of the client (`127.0.0.1`), as httpbin's `origin` reports it.
        public var clientAddress: String
        /// The server's seed, so a handler's random choices are reproducible.
        public var seed: UInt64
        /// How many requests with this method and target the server had answered before this
        /// one (0 for the first): with ``seed``, the key to a choice that differs from one
        /// request to the next yet is the same in every run, as fault decisions are.
        public var ordinal: Int

        /// The `Host` header, if sent: the authority a client used, for absolute URLs back to
        /// this server.
        public var host: String? { headers["Host"] }
        /// The request's protocol version, for a proxy that forwards it (`package` for a
        /// forwarding route outside this library, ``Upstream/forward``).
        package var version = HTTPVersion.http1_1
        /// Sends an interim (1xx) response head to the client at once, while the handler still
        /// works: how a proxy forwards `103 Early Hints` (``Upstream/forwardsEarlyHints``). Set
        /// by the server; it sends nothing once the response has started, nor to an HTTP/1.0
        /// client. `package` for the same reason as ``version``.
        package var interim: (@Sendable (HTTPResponseHead) -> Void)?
        /// The body as it arrives, when the route streams it (a proxy's, ``Route/streamedBodyLimit``):
        /// ``body`` is then empty.
        var bodyStream: (any RequestBodySource)?

        /// The last value of query item `name`, if present.
        public func query(_ name: String) -> String? {
            query.last { $0.name == name }?.value
        }

        /// A request; `target` defaults to `path`, and the rest to what a first request from
        /// 127.0.0.1 to a server with seed 0 would carry, so handlers can be unit-tested directly.
        public init(
            method: RequestMethod, path: String, query: [(name: String, value: String)] = [],
            headers: HeaderFields = [:], body: [UInt8] = [], parameters: [String: String] = [:],
            target: String? = nil, clientAddress: String = "127.0.0.1", seed: UInt64 = 0, ordinal: Int = 0
        ) {
            self.method = method
            self.path = path
            self.query = query
            self.headers = headers
            self.body = body
            self.parameters = parameters
            self.target = target ?? path
            self.clientAddress = clientAddress
            self.seed = seed
            self.ordinal = ordinal
        }
    }
}

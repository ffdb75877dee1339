import NetworkCore

extension MockServer {
    /// What a custom route's handler answers with.
    ///
    /// ```swift
    /// Route(.get, "/hello") { _ in .text("hello") }
    /// Route(.get, "/big") { _ in .payload(size: 10_000_000) }  // streamed, never in memory
    /// ```
    public struct Response: Sendable {
        /// The status code.
        public var status: Int
        /// Headers to send; `Content-Length`, `Date` and `Server` are added by the server.
        public var headers: HeaderFields
        /// The body.
        public var body: Body
        /// Set by a proxy's forwarding route: the upstream's time to first byte, for the journal.
        var upstreamTimeToFirstByte: Double?

        /// A response body.
        public enum Body: Sendable {
            /// These bytes.
            case bytes([UInt8])
            /// `size` bytes of the deterministic ``Payload`` for `seed` (nil: the server's seed),
            /// generated while streaming.
            case payload(size: Int64, seed: UInt64?)
        }

        public init(status: Int = 200, headers: HeaderFields = [:], body: Body = .bytes([])) {
            self.status = status
            self.headers = headers
            self.body = body
        }

        /// A `text/plain; charset=utf-8` response.
        public static func text(_ text: String, status: Int = 200) -> Response {
            Response(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: .bytes(Array(text.utf8)))
        }

        /// An `application/json` response with `json` as its body (already encoded).
        public static func json(_ json: String, status: Int = 200) -> Response {
            Response(status: status, headers: ["Content-Type": "application/json"], body: .bytes(Array(json.utf8)))
        }

        /// `size` bytes of the deterministic payload, as `/bytes/{size}` serves them.
        public static func payload(size: Int64, seed: UInt64? = nil) -> Response {
            Response(headers: ["Content-Type": "application/octet-stream"], body: .payload(size: size, seed: seed))
        }
    }
}

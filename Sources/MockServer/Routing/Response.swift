import NetworkCore

extension MockServer {
    /// What a custom route's handler answers with.
    ///
    /// ```swift
    /// Route(.get, "/hello") { _ in .text("hello") }
    /// Route(.get, "/big") { _ in .payload(size: 10_000_000) }  // streamed, never in memory
    /// Route(.get, "/ticks") { _ in
    ///     .stream(AsyncStream { continuation in
    ///         Task {
    ///             for tick in 1...3 {
    ///                 continuation.yield(Array("tick \(tick)\n".utf8))
    ///                 try? await Task.sleep(for: .milliseconds(100))
    ///             }
    ///             continuation.finish()
    ///         }
    ///     })
    /// }
    /// ```
    public struct Response: Sendable {
        /// The status code, from 200 to 599 (``validStatuses``): a handler that answers with
        /// another gets its client a 500 that names the status, never a malformed status line.
        public var status: Int
        /// Headers to send; `Content-Length`, `Date` and `Server` are added by the server. A
        /// 204 goes out without `Content-Length`; a 304 keeps one given here (the length of the
        /// representation the client has cached).
        public var headers: HeaderFields
        /// The body.
        public var body: Body
        /// Set by a proxy's forwarding route: the upstream's time to first byte, for the journal.
        /// `package` so that a forwarding route outside this library (``Upstream/forward``) reports it too.
        package var upstreamTimeToFirstByte: Duration?
        /// Set where the server answers for a failure (a proxy's 502 or 504, a handler that
        /// threw): what failed, for the journal's ``JournalEntry/error`` and the dashboard.
        /// `package` for the same reason as ``upstreamTimeToFirstByte``.
        package var failure: String?
        /// Set by a proxy's forwarding route: why its stream ended early, if it did. A stream
        /// without a length cannot say so by ending, which would look like a complete body.
        /// `package` for the same reason as ``upstreamTimeToFirstByte``.
        package var streamFailure: (@Sendable () -> String?)?
        /// Set by a proxy's forwarding route when the body can be read from the upstream's
        /// socket on the server's loop: makes that body's source there, which then takes it
        /// instead of the stream.
        var socketBody: (@Sendable (EventLoop) -> UpstreamSocketBody)?

        /// A response body.
        public enum Body: Sendable {
            /// These bytes.
            case bytes([UInt8])
            /// `size` bytes of the deterministic ``Payload`` for `seed` (nil: the server's seed),
            /// generated while streaming.
            case payload(size: Int64, seed: UInt64?)
            /// The chunks of `chunks`, each sent as it arrives (after the link's latency, and
            /// through its pacing and faults like any body).
            ///
            /// With a `length`, the response announces `Content-Length`; a stream that
            /// finishes short of it is journaled `aborted` and the connection is cut (the
            /// client sees a truncated body), and bytes beyond it are not sent. Without one,
            /// an HTTP/1.1 response is sent `Transfer-Encoding: chunked`, one HTTP chunk per
            /// stream chunk, and an HTTP/1.0 response ends when the server closes the
            /// connection.
            ///
            /// The server reads the next chunk only once the previous one is written, so a
            /// slow client slows the stream (an `AsyncStream(unfolding:)` producer is asked for
            /// no more than it sends); when the response ends early (the client left, a fault
            /// cut it, a `HEAD` request) the stream is cancelled, so its `onTermination` runs.
            case stream(length: Int64?, chunks: AsyncStream<[UInt8]>)
        }

        /// The statuses a handler may answer with: final responses of the five standard classes.
        /// A 1xx is interim (the server sends `100 Continue` itself) and codes past 599 are not
        /// HTTP's (RFC 9110 §15).
        public static let validStatuses = 200...599

        /// A `status` answer saying `message`, which the journal keeps as the exchange's error.
        static func failed(_ message: String, status: Int = 500) -> Response {
            var response = Response.text("\(message)\n", status: status)
            response.failure = message
            return response
        }

        /// This response if the server can send it as it is, else a 500 saying what the handler
        /// gave: a status outside ``validStatuses``, a header name that is not a token (it
        /// would go on the wire as it is), a `Transfer-Encoding` (the server frames the body:
        /// beside its `Content-Length`, it made a message with two framings), a `Content-Length`
        /// on a stream without a length (sent beside `Transfer-Encoding: chunked`), or a
        /// negative body length.
        func checked() -> Response {
            func refused(_ what: String) -> Response { .failed("the route's handler answered with \(what)") }
            guard Self.validStatuses.contains(status) else {
                return refused("status \(status); a response's status must be 200...599")
            }
            if let name = headers.first(where: { !HeaderFields.isValidName($0.name) })?.name {
                return refused("the header name \"\(name)\", which is not a token (letters, digits and !#$%&'*+-.^_`|~)")
            }
            if headers.contains("Transfer-Encoding") {
                return refused("Transfer-Encoding; the server frames the body itself (a .stream without a length goes chunked)")
            }
            switch body {
            case .payload(let size, _) where size < 0: return refused("a payload of \(size) bytes; a size must be 0 or more")
            case .stream(let length?, _) where length < 0: return refused("a stream of length \(length); a length must be 0 or more, or nil")
            case .stream(nil, _) where headers.contains("Content-Length"):
                return refused("a Content-Length on a stream of unknown length, which goes chunked; give .stream its length instead")
            default: return self
            }
        }

        /// A response with `status`, `headers` and `body` (no body by default).
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

        /// A response whose body is `chunks`, each sent as it arrives; see
        /// ``Body/stream(length:chunks:)`` for framing and backpressure.
        ///
        /// ```swift
        /// let (chunks, continuation) = AsyncStream.makeStream(of: [UInt8].self)
        /// Route(.get, "/events") { _ in .stream(headers: ["Content-Type": "text/event-stream"], chunks) }
        /// continuation.yield(Array("data: hello\n\n".utf8))
        /// ```
        public static func stream(
            status: Int = 200, headers: HeaderFields = [:], length: Int64? = nil, _ chunks: AsyncStream<[UInt8]>
        ) -> Response {
            Response(status: status, headers: headers, body: .stream(length: length, chunks: chunks))
        }
    }
}

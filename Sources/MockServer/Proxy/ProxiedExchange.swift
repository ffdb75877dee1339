import Foundation

/// One request a proxy forwarded and the upstream's complete response, as a recorder (such as
/// `lab proxy --record`) receives it: what went upstream, what came back, and the proxy's own
/// measurements of the upstream leg.
///
/// Headers are those that crossed the upstream leg, without hop-by-hop fields; bodies are
/// decoded from their transfer coding (content codings such as gzip stay as sent, except on
/// `lab proxy`'s https:// leg, where URLSession decodes gzip, deflate, br and zstd).
public struct ProxiedExchange: Sendable {
    /// When the proxy started forwarding the request (wall clock).
    public var startedAt: Date
    /// The method as sent.
    public var method: String
    /// The absolute URL requested from the upstream.
    public var url: URL
    /// The client's protocol version (`HTTP/1.1`).
    public var requestVersion: String
    /// The request headers sent upstream.
    public var requestHeaders: HeaderFields
    /// The request body sent upstream (empty when none), or its first
    /// ``recordedRequestBodyLimit`` bytes when it was larger (see ``requestBodySize``).
    public var requestBody: [UInt8]
    /// The whole request body's size in bytes, which is more than `requestBody.count` when
    /// only its start was kept.
    public var requestBodySize: Int64
    /// The most request-body bytes a proxy keeps for a recorder (1 MiB): bodies stream
    /// upstream and are never held whole, so a larger one is recorded by its start.
    public static let recordedRequestBodyLimit = 1024 * 1024
    /// Size of the request head sent upstream, in bytes.
    public var requestHeadSize: Int
    /// The upstream's status code.
    public var status: Int
    /// The upstream's reason phrase.
    public var reason: String
    /// The upstream's protocol version (`HTTP/1.1`).
    public var responseVersion: String
    /// The upstream's response headers, as forwarded to the client; `Content-Length` is the
    /// decoded body's length whenever a body may follow.
    public var responseHeaders: HeaderFields
    /// The upstream's response body, decoded from any transfer coding.
    public var responseBody: [UInt8]
    /// Size of the upstream's response head, in bytes.
    public var responseHeadSize: Int
    /// Bytes of response body as the upstream sent them (chunk framing included).
    public var responseBodyWireSize: Int64
    /// Where the time went on the upstream leg.
    public var timings: Timings

    /// An exchange with every field given; the proxy builds these, tests and custom recorders may too.
    public init(
        startedAt: Date, method: String, url: URL, requestVersion: String, requestHeaders: HeaderFields, requestBody: [UInt8],
        requestHeadSize: Int, status: Int, reason: String, responseVersion: String, responseHeaders: HeaderFields,
        responseBody: [UInt8], responseHeadSize: Int, responseBodyWireSize: Int64, timings: Timings
    ) {
        self.startedAt = startedAt
        self.method = method
        self.url = url
        self.requestVersion = requestVersion
        self.requestHeaders = requestHeaders
        self.requestBody = requestBody
        requestBodySize = Int64(requestBody.count)
        self.requestHeadSize = requestHeadSize
        self.status = status
        self.reason = reason
        self.responseVersion = responseVersion
        self.responseHeaders = responseHeaders
        self.responseBody = responseBody
        self.responseHeadSize = responseHeadSize
        self.responseBodyWireSize = responseBodyWireSize
        self.timings = timings
    }

    /// The proxy's measurements of one upstream exchange, in seconds (HAR's `timings`).
    public struct Timings: Sendable, Hashable {
        /// Waiting for a connection from the pool; 0 when one was idle.
        public var blocked: Double
        /// Opening a new connection; nil when an idle keep-alive connection was reused.
        public var connect: Double?
        /// Writing the request.
        public var send: Double
        /// From the end of the request to the first response byte: the upstream's time to first byte.
        public var wait: Double
        /// From the first response byte to the last.
        public var receive: Double

        /// Timings in seconds; `connect` nil for a reused connection.
        public init(blocked: Double, connect: Double?, send: Double, wait: Double, receive: Double) {
            self.blocked = blocked
            self.connect = connect
            self.send = send
            self.wait = wait
            self.receive = receive
        }

        /// The whole exchange: blocked, connect, send, wait and receive.
        public var total: Double { blocked + (connect ?? 0) + send + wait + receive }
    }
}

import NetworkCore

/// What the server did with one request: the journal's unit, for assertions in tests and
/// for `GET /_lab/journal`.
///
/// Times are `Duration`s, like the client's `DownloadTimings`: `start` counts from
/// the server's start, on the monotonic clock, to the nanosecond. `GET /_lab/journal` shows
/// them as seconds.
///
/// ```swift
/// await server.settled()
/// let entry = try #require(server.journal.entries.last)
/// #expect(entry.timeToFirstByte! >= .milliseconds(250))
/// ```
public struct JournalEntry: Sendable, Hashable {
    /// The request's sequence number on this server, from 0.
    public var id: Int
    /// The connection it arrived on (numbered from 0 in accept order), to see keep-alive reuse.
    public var connection: Int
    /// The method as sent.
    public var method: String
    /// The path as sent (still percent-encoded).
    public var path: String
    /// The query as sent, without `?`; nil when there was none.
    public var query: String?
    /// The request's `Range` header, to see resumed downloads.
    public var range: String?
    /// The status sent; nil when no response head was sent (a reset, an empty reply, a client that left).
    public var status: Int?
    /// Body bytes actually sent (after range, truncation and faults).
    public var bytesSent: Int64
    /// When the request head was complete, since the server started.
    public var start: Duration
    /// From `start` to the first response byte; nil if none was sent.
    public var timeToFirstByte: Duration?
    /// From `start` until the response ended (complete, cut or abandoned).
    public var duration: Duration
    /// The fault that fired, as its spec (`reset-after:1MB`); nil when none did.
    public var fault: String?
    /// The server's seed, which drove this request's jitter and fault decisions (and its
    /// payload, unless the query's `?seed=` chose another): start a server with it to replay
    /// a failing run.
    public var seed: UInt64
    /// How the exchange ended.
    public var outcome: Outcome
    /// What went wrong, if anything did: why a request was rejected, an exchange aborted, or
    /// the server answered for a failure (a proxy's 502 or 504, a route's handler that threw).
    public var error: String?
    /// The request's protocol as sent (`HTTP/1.1`).
    public var httpVersion: String = "HTTP/1.1"
    /// The request's header fields as sent.
    public var requestHeaders: HeaderFields = [:]
    /// The request body, when the server kept it (custom routes, replay, `/_lab/*`; up to 64 KiB),
    /// or the first 64 KiB of one that streamed to a proxy's upstream (see ``requestBodySize``).
    public var requestBody: [UInt8]?
    /// The whole size of a request body that streamed to a proxy's upstream, of which
    /// ``requestBody`` holds at most the first 64 KiB (a recording keeps more: see
    /// ``ProxiedExchange/requestBodySize``); nil for a body read whole (or none).
    public var requestBodySize: Int64? = nil
    /// From `start` until the whole request was in (its body read); zero without a body.
    public var requestTime: Duration = .zero
    /// The response's header fields as the endpoint set them; the server adds `Content-Length`,
    /// `Date`, `Server` and `Connection` when sending.
    public var responseHeaders: HeaderFields = [:]
    /// The response body, when it was bytes in memory of at most 64 KiB (never for `/bytes`
    /// and fixtures, which stream theirs).
    public var responseBody: [UInt8]?
    /// For a request a proxy forwarded: the time from sending it upstream to the upstream's
    /// first response byte, the upstream's own share of ``timeToFirstByte``; nil otherwise.
    public var upstreamTimeToFirstByte: Duration? = nil

    /// How an exchange ended.
    public enum Outcome: String, Sendable, Hashable {
        /// The whole response was sent.
        case complete
        /// A fault ended or changed the response as configured.
        case fault
        /// The request was malformed or over a limit and got a 4xx/5xx.
        case rejected
        /// The client went away (or the server closed) before the response was complete.
        case aborted
    }

    /// An entry from the engine's times in seconds (exact to the nanosecond they came from).
    init(
        id: Int, connection: Int, method: String, path: String, query: String? = nil, range: String? = nil, status: Int?,
        bytesSent: Int64, start: Double, timeToFirstByte: Double?, duration: Double, fault: String? = nil, seed: UInt64,
        outcome: Outcome, error: String? = nil
    ) {
        self.id = id
        self.connection = connection
        self.method = method
        self.path = path
        self.query = query
        self.range = range
        self.status = status
        self.bytesSent = bytesSent
        self.start = .seconds(double: start)
        self.timeToFirstByte = timeToFirstByte.map { .seconds(double: $0) }
        self.duration = .seconds(double: duration)
        self.fault = fault
        self.seed = seed
        self.outcome = outcome
        self.error = error
    }
}

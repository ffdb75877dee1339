import NetworkCore

/// The HTTP/1.1 side of one server connection, with no I/O: bytes received, end of input,
/// timers and the answers' progress go in, each with the time it happened; actions come out
/// (write, dispatch this request, send this head, journal, shut down, close).
///
/// It owns keep-alive, pipelining (a request waits in `input` until the one before it is
/// answered), `100-continue`, request-body framing and the size limits, the idle, header and
/// linger timeouts, and the response head's framing fields. It reads no clock and touches no
/// socket, so its rules are tested with literal instants and byte strings. `ServerConnection`
/// drives it on the event loop.
///
/// ```swift
/// var machine = ExchangeMachine(limits: limits, now: now)
/// machine.receive(bytes, now: now)
/// for action in machine.advance(now: now, uploadAllowance: .max) {
///     // .dispatch(request): route it, then machine.startResponse(.head(...), now: later)
/// }
/// ```
struct ExchangeMachine {
    /// Where the connection is in its current exchange; the driver reads and writes only as
    /// the phase allows.
    enum Phase: Equatable {
        /// Waiting for (the rest of) a request head.
        case idle
        /// Reading a request body.
        case readingBody
        /// A request is in (or refused); its response has not started.
        case waiting
        /// Sending a response.
        case writing
        /// A `stall-after` fault: silent until the client leaves or the server closes.
        case stalled
        /// The last response is out and our side is shut: reading what the client still
        /// sends, so that closing does not reset the connection under its unread response.
        case lingering
        case closed
    }

    /// How long a connection whose side is shut keeps reading before it closes.
    static let lingerTime = Duration.seconds(2)

    let limits: MockServer.Limits
    /// Whether a request's body is kept for its answer (a handler's, the journal's); other
    /// bodies are read and dropped.
    let collectsBody: (HTTPRequestHead) -> Bool
    /// Whether a request's body streams to its answer (a proxy's upstream) instead of being
    /// read first: the cap on such a body (`Int64.max` for none), or nil to read it first.
    let streamsBody: (HTTPRequestHead) -> Int64?

    var phase = Phase.idle
    /// Bytes received and not yet consumed: a partial head, a body, or pipelined requests.
    var input: [UInt8] = []
    var parser: HTTPHeadParser
    /// The request body being read, in `readingBody` (or while it streams).
    var body: RequestBodyReader?
    /// True while the body of a request already dispatched streams to its answer: it is read
    /// (within ``ExchangeAction/streamBody(_:)``'s bounds) while the phase is `waiting` or `writing`.
    var streaming = false
    /// The largest body the request being read may have.
    var bodyLimit: Int64 = 0
    /// A streamed request asked for `100 Continue`, not yet sent: it goes when its body is first wanted.
    var continuePending = false
    /// When the first byte of the head being read came, while it is incomplete.
    var headStartedAt: Instant?
    /// Requests read whole on this connection.
    var requests = 0
    var keepAlive = true
    /// True once the server is closing: answer what is in flight, then close.
    var closing = false
    /// True from a request's dispatch (or refusal) until its exchange is journalled.
    var exchangeOpen = false
    /// The HTTP version of the request being answered, nil for one too malformed to parse.
    var answering: HTTPVersion?
    /// When the idle, header, body or linger timeout falls, if one runs.
    var deadline: Instant?

    init(
        limits: MockServer.Limits, collectsBody: @escaping (HTTPRequestHead) -> Bool = { _ in false },
        streamsBody: @escaping (HTTPRequestHead) -> Int64? = { _ in nil }, now: Instant
    ) {
        self.limits = limits
        self.collectsBody = collectsBody
        self.streamsBody = streamsBody
        parser = HTTPHeadParser(limits: HTTPLimits(
            maxRequestLine: limits.maxRequestLine, maxHeaderBytes: limits.maxHeaderBytes, maxHeaderCount: limits.maxHeaderCount
        ))
        deadline = now + limits.idleTimeout
    }

    /// How many bytes the machine wants read now (before any upload pacing); nil when it
    /// reads nothing (an answer is due: pipelined requests wait in the socket, which holds
    /// the client back).
    var readLimit: Int? {
        switch phase {
        case .idle, .stalled, .lingering: .max
        // Read only once what was read is consumed, so that the socket buffer holds the
        // client back as a slow uplink would.
        case .readingBody: input.isEmpty ? .max : nil
        case .waiting, .writing: streaming && input.isEmpty ? .max : nil
        case .closed: nil
        }
    }

    /// Request-body bytes still announced by `Content-Length`, while one is read.
    var bodyRemaining: Int64? { body?.remaining }

    // MARK: - Input

    /// Bytes came from the client. Once the response is over (lingering) or stalled, they
    /// are dropped.
    mutating func receive(_ bytes: UnsafeRawBufferPointer, now: Instant) {
        switch phase {
        case .idle, .readingBody, .waiting, .writing:
            input.append(contentsOf: bytes)
            noteActivity(now)
        case .stalled, .lingering, .closed:
            break
        }
    }

    /// The client closed its side.
    mutating func endOfInput() -> [ExchangeAction] {
        switch phase {
        case .idle, .readingBody, .stalled, .lingering:
            // A client that leaves mid-request abandons it; one that leaves idle is done.
            close()
        case .waiting where streaming, .writing where streaming:
            // Mid-body: what it sent so far is all the upstream will get.
            endStream(.failed("the client closed the connection after \(body?.received ?? 0) bytes of the request body")) + close()
        case .waiting, .writing, .closed:
            // Keep going: a half-closed client may still read the response; a gone one makes
            // the next send fail.
            []
        }
    }

    /// Whether a request is being answered (its response waits or is being sent): the phases
    /// in which a closing server drops the exchange of a client that has left, and so where a
    /// driver looks for one.
    var isAnswering: Bool { phase == .waiting || phase == .writing }

    /// The server is closing: finish what is in flight, drop what is idle or stalled, and an
    /// exchange being answered (``isAnswering``) when `clientLeft` (its client closed its side).
    mutating func serverClosing(clientLeft: Bool) -> [ExchangeAction] {
        closing = true
        if clientLeft, isAnswering {
            // Most likely a client that timed out: waiting out a long latency, or a streamed
            // body with nothing more to send, for it would hold the server's close for nothing.
            // (A client that only half-closed loses its response.)
            return close()
        }
        switch phase {
        case .idle where input.isEmpty, .stalled:
            return close()
        case .lingering, .closed:
            return []
        default:
            keepAlive = false
            return []
        }
    }

    /// Ends the connection now: the exchange in flight, if any, is journalled as aborted.
    mutating func close() -> [ExchangeAction] {
        guard phase != .closed else { return [] }
        var actions = endStream(.failed("the connection closed before the request body was complete"))
        if exchangeOpen {
            exchangeOpen = false
            actions.append(.journal(aborted: true))
        }
        if body != nil {
            body = nil
            actions.append(.uploadEnded)
        }
        phase = .closed
        deadline = nil
        actions.append(.close)
        return actions
    }

    /// Activity from the client restarts the idle timeout, unless a head is being read (its
    /// own timeout runs from its first byte).
    mutating func noteActivity(_ now: Instant) {
        switch phase {
        case .idle where headStartedAt != nil:
            break
        case .idle, .readingBody:
            deadline = now + limits.idleTimeout
        case .waiting where streaming, .writing where streaming:
            deadline = now + limits.idleTimeout
        default:
            break
        }
    }
}

import NetworkCore

/// Answering: the response head's framing fields, and what follows a response (the next
/// pipelined request, or shutting down).
extension ExchangeMachine {
    /// How the response to the request in flight starts.
    enum ResponseStart: Equatable {
        /// A normal response: `length` body bytes (nil when unknown: chunked in HTTP/1.1,
        /// until close in HTTP/1.0). `date` is the wall-clock `Date` to add when the headers
        /// have none.
        case head(status: Int, headers: HeaderFields, length: Int64?, date: String)
        /// A `reset` fault: no response, an RST.
        case reset
        /// A `close` fault: no response, a clean close.
        case close
        /// A `malformed` fault: these bytes instead of a head, then close.
        case malformed([UInt8])
    }

    /// How a response ended, as the driver saw it: the whole body out, or a fault's cut.
    enum ResponseEnd: Equatable {
        case complete
        case cut(CutStage.Action)
    }

    /// The response to the request in flight starts now.
    mutating func startResponse(_ start: ResponseStart, now: Instant) -> [ExchangeAction] {
        guard phase == .waiting else { return [] }
        // The rest of a streamed body may never be read: nothing else can follow this answer.
        if streaming { keepAlive = false }
        switch start {
        case .reset:
            exchangeOpen = false
            return [.journal(aborted: false), .reset] + close()
        case .close:
            exchangeOpen = false
            keepAlive = false
            return [.journal(aborted: false)] + shutDown(now: now)
        case .malformed(let bytes):
            keepAlive = false
            phase = .writing
            return [.sendHead(bytes, chunked: false)]
        case .head(let status, let headers, let length, let date):
            let (bytes, chunked) = responseHead(status: status, headers: headers, length: length, date: date)
            phase = .writing
            return [.sendHead(bytes, chunked: chunked)]
        }
    }

    /// An interim (1xx) head for the request being answered, such as a proxied `103 Early
    /// Hints`: sent at once while the answer is awaited, to an HTTP/1.1 client only (RFC 9110
    /// §15.2: an HTTP/1.0 client gets none); nothing once the response has started.
    func interim(_ head: [UInt8]) -> [ExchangeAction] {
        phase == .waiting && answering == .http1_1 ? [.write(head)] : []
    }

    /// The serialized head: `Content-Length` or chunked framing, `Date`, `Server` and
    /// `Connection` as the keep-alive decision says. A 204 or 304 gets no framing of its own;
    /// a 304 keeps a `Content-Length` it was given (the length of the representation the
    /// client has, RFC 9110 §8.6), a 204 loses one.
    private mutating func responseHead(status: Int, headers: HeaderFields, length: Int64?, date: String) -> ([UInt8], Bool) {
        var headers = headers
        if status == 204, headers.contains("Content-Length") { headers.remove("Content-Length") }
        // What the server sets on the endpoint's fields, written with them in one pass.
        var settings: [HeaderFields.Element] = []
        settings.reserveCapacity(4)
        var chunked = false
        if status == 204 || status == 304 {
        } else if let length {
            settings.append(("Content-Length", String(length)))
        } else if answering == .http1_1 {
            settings.append(("Transfer-Encoding", "chunked"))
            chunked = true
        } else {
            // HTTP/1.0 has no chunked coding: the body ends when the connection does.
            keepAlive = false
        }
        // A proxied response keeps the upstream's own Date and Server.
        if !headers.contains("Date") { settings.append(("Date", date)) }
        if !headers.contains("Server") { settings.append(("Server", MockServer.serverName)) }
        if !keepAlive || closing {
            keepAlive = false
            settings.append(("Connection", "close"))
        } else if answering == .http1_0 {
            settings.append(("Connection", "keep-alive"))
        }
        let head = HTTPResponseHead(status: status, reason: HTTPStatus.reason(status), version: .http1_1, headers: headers)
        return (head.serialized(setting: settings), chunked)
    }

    /// The response is over: journal it, then read the next request (pipelined ones are
    /// already in `input`) or shut down.
    mutating func responseEnded(_ end: ResponseEnd, now: Instant) -> [ExchangeAction] {
        guard phase == .writing else { return [] }
        // An answer that came before the whole body (an upstream's early 413): the rest is
        // never read (RFC 9112 §9.3), and the connection closes after the answer.
        let ended = endStream(.abandoned)
        switch end {
        case .complete where keepAlive && !closing:
            exchangeOpen = false
            phase = .idle
            deadline = now + limits.idleTimeout
            return ended + [.journal(aborted: false)]
        case .complete, .cut(.close):
            exchangeOpen = false
            keepAlive = false
            return ended + [.journal(aborted: false)] + shutDown(now: now)
        case .cut(.reset):
            exchangeOpen = false
            return ended + [.journal(aborted: false), .reset] + close()
        case .cut(.stall):
            // Silent with the exchange still open, until the client leaves or the server closes.
            phase = .stalled
            return ended
        }
    }

    /// Shuts our side (the client reads end of stream after the response) and lingers.
    private mutating func shutDown(now: Instant) -> [ExchangeAction] {
        let ended = endStream(.abandoned)
        phase = .lingering
        deadline = now + Self.lingerTime
        return ended + [.shutDownWriting]
    }
}

import NetworkCore

/// What an ``ExchangeMachine`` asks its driver to do, in the order given.
///
/// The machine decides; the driver owns the socket, the clock, the link schedulers, the
/// routing table and the journal, and carries each action out before it feeds the machine its
/// next event.
enum ExchangeAction: Equatable {
    /// Send these bytes now, ahead of any response (an interim `100 Continue` or `103 Early
    /// Hints`). A failure
    /// shows up on the next read or write, so the driver may ignore it.
    case write([UInt8])
    /// A request body starts: pace it against the uplink (the head's query may carry a cap).
    case uploadStarted(HTTPRequestHead)
    /// This many request-body bytes were taken from the input: charge them to the uplink.
    case uploaded(Int)
    /// The request body is over (read, refused or abandoned): stop pacing it.
    case uploadEnded
    /// These request-body bytes (decoded from their framing) go to the streamed body of the
    /// request already dispatched.
    case streamBody([UInt8])
    /// The streamed request body is over: complete, abandoned (its answer came first) or
    /// broken off.
    case streamEnded(StreamEnd)
    /// A whole request is in (or, when it streams its body, its head): route it, decide its
    /// link and fault, run its handler, then call ``ExchangeMachine/startResponse(_:now:)``.
    case dispatch(ExchangeRequest)
    /// Refuse the request: build this text response, then call
    /// ``ExchangeMachine/startResponse(_:now:)``. The connection closes after it.
    case reject(ExchangeRejection)
    /// Send this response head (with any framing the body needs), then the body; a body of
    /// unknown length goes out chunked when `chunked`.
    case sendHead([UInt8], chunked: Bool)
    /// Record the exchange in flight in the journal and forget it; `aborted` when it ended
    /// because the connection failed or closed under it.
    case journal(aborted: Bool)
    /// Shut our side for writing: the client reads end of stream after the response.
    case shutDownWriting
    /// Close with a reset (RST) rather than a clean close; `close` follows.
    case reset
    /// Close the connection.
    case close
}

/// How a streamed request body ended.
enum StreamEnd: Equatable {
    /// Read to its end.
    case complete
    /// Its response ended first: the rest is never read, and the connection closes.
    case abandoned
    /// The client broke it off (left, malformed, too large, silent): why, for the journal.
    case failed(String)
}

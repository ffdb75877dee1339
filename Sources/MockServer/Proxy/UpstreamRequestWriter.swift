import NetworkCore

/// Carries a request body to the upstream as its source yields it, while the proxy already
/// waits for the response head: an upstream may answer early (a 413 or 401 before the body),
/// and a slow upstream slows the pulls, which slow the reads from the client.
///
/// A body of known length goes as it came; one without (the client's was chunked) goes
/// chunked, re-framed piece by piece, without trailers.
final class UpstreamRequestWriter: Sendable {
    /// Nil for a request without a body: nothing to write, nothing to start.
    private let task: Task<Void, Never>?
    private let outcome: Lock<Outcome>
    private let body: any RequestBodySource

    /// Where the body is: still going, sent whole (and when), or failed.
    enum Outcome: Sendable {
        case writing
        case sent(Instant)
        case failed(UpstreamError, at: Instant)
    }

    /// Starts writing `body` to `connection`; each write may wait at most `timeout` for the
    /// upstream to read. `tap` sees every piece as it goes (a recording's prefix); `ended`
    /// learns when the body ended, sent or failed (the upstream's time to answer starts then).
    init(
        _ body: any RequestBodySource, to connection: UpstreamConnection, chunked: Bool, timeout: Duration,
        tap: (@Sendable ([UInt8]) -> Void)?, ended: (@Sendable (Instant) -> Void)? = nil
    ) {
        let outcome = Lock(Outcome.writing)
        self.outcome = outcome
        self.body = body
        task = Task(executorPreference: HandlerExecutor.shared) {
            let result: Outcome
            do throws(Failure) {
                try await Self.write(body, to: connection, chunked: chunked, timeout: timeout, tap: tap)
                result = .sent(Instant.now())
            } catch {
                result = .failed(error.upstreamError(connection.upstream, timeout: timeout), at: Instant.now())
                body.cancel()
                // A body the client broke off, or an upstream that stopped reading, can never
                // make a whole request: no response may follow on this connection. An upstream
                // that closed or reset may still have left its early answer in the socket.
                if case .upstreamGone = error {} else { connection.close() }
            }
            outcome.withLock { $0 = result }
            switch result {
            case .sent(let at), .failed(_, let at): ended?(at)
            case .writing: break
            }
        }
    }

    /// The writer of a request without a body, sent whole with its head at `at`: a GET costs
    /// no task.
    init(noBodySentAt at: Instant) {
        outcome = Lock(.sent(at))
        body = BytesRequestBody([])
        task = nil
    }

    /// Where the body is now.
    var state: Outcome { outcome.withLock { $0 } }

    /// True once the whole body went upstream: only then may the connection carry another request.
    var isSent: Bool {
        if case .sent = state { return true }
        return false
    }

    /// Stops writing: the response ended first, or the proxy gave up on the exchange.
    func cancel() {
        body.cancel()
        task?.cancel()
    }

    /// Why the body did not reach the upstream whole.
    private enum Failure: Error {
        case client(String)
        case upstreamGone(String)
        case upstreamStalled

        func upstreamError(_ upstream: String, timeout: Duration) -> UpstreamError {
            switch self {
            case .client(let reason): .reset(upstream: upstream, reason: "the client's request body broke off: \(reason)")
            case .upstreamGone(let reason): .reset(upstream: upstream, reason: "writing the request body failed: \(reason)")
            case .upstreamStalled: .timedOut(upstream: upstream, after: timeout)
            }
        }
    }

    private static func write(
        _ body: any RequestBodySource, to connection: UpstreamConnection, chunked: Bool, timeout: Duration,
        tap: (@Sendable ([UInt8]) -> Void)?
    ) async throws(Failure) {
        while true {
            let piece: [UInt8]?
            do {
                piece = try await body.next()
            } catch {
                throw .client(error.reason)
            }
            guard let piece else { break }
            tap?(piece)
            try await send(chunked ? ChunkedEncoder.chunk(piece) : piece, on: connection, timeout: timeout)
        }
        if chunked { try await send(ChunkedEncoder.terminator, on: connection, timeout: timeout) }
    }

    private static func send(_ bytes: [UInt8], on connection: UpstreamConnection, timeout: Duration) async throws(Failure) {
        do {
            try await connection.transport.write(bytes, deadline: Instant.now() + timeout)
        } catch .io(.timedOut) {
            throw .upstreamStalled
        } catch {
            throw .upstreamGone("\(error)")
        }
    }
}

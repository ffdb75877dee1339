import NetworkCore

/// An upstream response body on its way to the client: read piece by piece as the client
/// takes it, its connection back in the pool once it ends exactly, and a copy for the
/// recorder when there is one.
final class UpstreamBody: Sendable {
    private let exchange: UpstreamExchange
    private let pool: UpstreamPool
    private let timeout: Duration
    private let recorder: (@Sendable ([UInt8], Int64, Instant) -> Void)?
    private let recorded = Lock<[UInt8]>([])
    private let failure = Lock<UpstreamError?>(nil)
    private let finished = Lock(false)
    private let prefetch = Lock<Task<[UInt8]?, any Error>?>(nil)

    /// Why the body broke off, if it did.
    var failureReason: String? { failure.withLock { $0 }.map(\.description) }

    init(_ exchange: UpstreamExchange, pool: UpstreamPool, timeout: Duration, recorder: (@Sendable ([UInt8], Int64, Instant) -> Void)?) {
        self.exchange = exchange
        self.pool = pool
        self.timeout = timeout
        self.recorder = recorder
    }

    /// The next piece of the body; nil at its end, after which the connection is pooled (or
    /// closed) and the recorder called. While the server sends a piece, the one after it is
    /// already being read: two pieces at most, so reading and sending overlap.
    func next() async throws(UpstreamError) -> [UInt8]? {
        let ahead = prefetch.withLock { task in
            defer { task = nil }
            return task
        }
        let piece: [UInt8]?
        if let ahead {
            do {
                piece = try await ahead.value
            } catch let error as UpstreamError {
                throw error
            } catch {
                throw .brokenBody(upstream: exchange.connection.upstream, reason: "\(error)")
            }
        } else {
            piece = try await read()
        }
        if piece != nil, !finished.withLock({ $0 }) {
            prefetch.withLock { $0 = Task(executorPreference: HandlerExecutor.shared) { try await self.read() } }
        }
        return piece
    }

    /// The stream was abandoned (the client left, a fault cut the response): stop reading.
    func cancel() {
        exchange.writer.cancel()
        prefetch.withLock { $0 }?.cancel()
        if !finished.withLock({ $0 }) { exchange.connection.close() }
    }

    private func read() async throws(UpstreamError) -> [UInt8]? {
        let connection = exchange.connection
        do {
            guard let piece = try await connection.nextChunk(timeout: timeout) else {
                await finish()
                return nil
            }
            if recorder != nil { recorded.withLock { $0.append(contentsOf: piece) } }
            // A server sending a known length stops asking once it has it all: finish with
            // the last piece, not after it.
            if await connection.isBodyComplete { await finish() }
            return piece
        } catch {
            connection.close()
            failure.withLock { $0 = error }
            throw error
        }
    }

    private func finish() async {
        guard finished.withLock({ finished in
            defer { finished = true }
            return !finished
        }) else { return }
        let connection = exchange.connection
        // An answer that came before the whole request (an early 413) leaves the connection
        // mid-request: it can carry nothing else.
        if exchange.writer.isSent, await connection.reusable {
            pool.giveBack(connection)
        } else {
            exchange.writer.cancel()
            connection.close()
        }
        if let recorder {
            recorder(recorded.withLock { $0 }, await connection.wireBodyBytes, Instant.now())
        }
    }

    /// The body as the server sends it: streamed, with the upstream's length when it gave
    /// one (chunked to HTTP/1.1 clients otherwise). A HEAD response announces the upstream's
    /// length, or chunked framing when it gave none, and streams nothing; a 204 or 304 has no
    /// body at all.
    func responseBody(method: RequestMethod) async -> MockServer.Response.Body {
        let head = exchange.head
        if head.status == 204 || head.status == 304 {
            await finishQuietly()
            return .bytes([])
        }
        if method == .head {
            await finishQuietly()
            let length = head.headers["Content-Length"].flatMap { Int64($0) }
            return .stream(length: length, chunks: AsyncStream { $0.finish() })
        }
        let length = await exchange.connection.announcedLength
        return .stream(length: length, chunks: AsyncStream(unfolding: { [self] in try? await next() }, onCancel: { [self] in cancel() }))
    }

    /// The body's source for the server's loop when it can be read there from the upstream's
    /// socket (``UpstreamSocketBody``): a Content-Length body over plain TCP,
    /// of a request other than HEAD, that nothing records. Nil otherwise: the body streams.
    /// With the body's length, for the response.
    func socketBody(method: RequestMethod) async -> (length: Int64, make: @Sendable (EventLoop) -> UpstreamSocketBody)? {
        let connection = exchange.connection
        guard recorder == nil, method != .head, exchange.head.status != 204, exchange.head.status != 304,
              let socket = (connection.transport as? PlainUpstreamTransport)?.socket,
              let (early, inSocket) = await connection.handOverBody() else { return nil }
        let timeout = timeout
        return (Int64(early.count) + inSocket, { [self] loop in
            UpstreamSocketBody(upstream: self, socket: socket, name: connection.upstream, early: early, inSocket: inSocket, timeout: timeout, loop: loop)
        })
    }

    /// The socket body was read whole: the connection goes back to the pool (when the request
    /// was sent whole too; otherwise it is closed).
    func socketBodyRead() async {
        await exchange.connection.bodyHandedOverWasRead()
        await finish()
    }

    /// Ends a response without a body: its connection goes back to the pool.
    private func finishQuietly() async {
        _ = try? await next()
    }
}

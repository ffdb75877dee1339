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

    init(_ exchange: UpstreamExchange, pool: UpstreamPool, timeout: Duration, recorder: (@Sendable ([UInt8], Int64, Instant) -> Void)?) {
        self.exchange = exchange
        self.pool = pool
        self.timeout = timeout
        self.recorder = recorder
    }

    /// The next piece of the body; nil at its end, after which the connection is pooled (or
    /// closed) and the recorder called.
    func next() async throws(UpstreamError) -> [UInt8]? {
        let connection = exchange.connection
        do {
            guard let piece = try await connection.nextChunk(timeout: timeout) else {
                await finish()
                return nil
            }
            if recorder != nil { recorded.withLock { $0.append(contentsOf: piece) } }
            return piece
        } catch {
            connection.close()
            throw error
        }
    }

    private func finish() async {
        let connection = exchange.connection
        if await connection.reusable { pool.giveBack(connection) } else { connection.close() }
        if let recorder {
            recorder(recorded.withLock { $0 }, await connection.wireBodyBytes, Instant.now())
        }
    }

    /// The body as the server sends it.
    func responseBody() async throws(UpstreamError) -> MockServer.Response.Body {
        // Until the server streams handler bodies, the whole body is read first.
        var body: [UInt8] = []
        while let piece = try await next() { body.append(contentsOf: piece) }
        return .bytes(body)
    }
}

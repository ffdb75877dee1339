import NetworkCore

/// A body as pieces and when each is due after the handler starts: what httpbin's streaming
/// endpoints yield between their sleeps. Waits are absolute deadlines on the continuous clock,
/// so they do not drift, and are asynchronous sleeps, so they hold no thread.
struct PacedChunks: Sendable {
    /// Each piece and its offset from the start.
    var pieces: [(after: Duration, bytes: [UInt8])]
    /// How long after the start the body ends (after its last piece, at the latest).
    var end: Duration

    /// All of `bytes` in pieces of `size` (at least 1), due at once.
    init(_ bytes: [UInt8], pieceSize size: Int) {
        let size = max(1, size)
        pieces = stride(from: 0, to: bytes.count, by: size).map { (.zero, Array(bytes[$0..<min($0 + size, bytes.count)])) }
        end = .zero
    }

    init(pieces: [(after: Duration, bytes: [UInt8])], end: Duration) {
        self.pieces = pieces
        self.end = end
    }

    /// The pieces as they come due, starting now.
    func stream() -> AsyncStream<[UInt8]> {
        let pieces = pieces
        let end = end
        return AsyncStream { continuation in
            let task = Task {
                let start = ContinuousClock.now
                for piece in pieces {
                    if piece.after > .zero { try? await Task.sleep(until: start + piece.after, clock: .continuous) }
                    guard !Task.isCancelled else { break }
                    continuation.yield(piece.bytes)
                }
                if end > .zero, !Task.isCancelled { try? await Task.sleep(until: start + end, clock: .continuous) }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// A response whose body is these pieces.
    ///
    /// Until the engine streams handler bodies, the pieces are gathered first: the response
    /// starts when the last one is due, so the total time is right, but the bytes arrive
    /// together.
    func response(status: Int = 200, headers: HeaderFields) async -> MockServer.Response {
        var body: [UInt8] = []
        for await piece in stream() { body += piece }
        return MockServer.Response(status: status, headers: headers, body: .bytes(body))
    }
}

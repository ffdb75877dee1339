import NetworkCore

/// A body as pieces and when each is due after the body starts: what httpbin's streaming
/// endpoints yield between their sleeps.
///
/// The stream is pulled: the engine asks for the next piece once the last is written, and the
/// clock starts at the first pull (when the response starts, after the link's latency). Waits
/// are absolute deadlines on the continuous clock, so they do not drift, and asynchronous
/// sleeps, so they hold no thread.
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

    /// The number of bytes in all the pieces.
    var length: Int64 { Int64(pieces.reduce(0) { $0 + $1.bytes.count }) }

    /// The pieces as they come due.
    func stream() -> AsyncStream<[UInt8]> {
        let pieces = pieces
        let end = end
        // Where the pulls are: the start instant (set by the first) and the next piece.
        let cursor = Lock<(start: ContinuousClock.Instant?, next: Int)>((nil, 0))
        return AsyncStream(unfolding: {
            let (start, index) = cursor.withLock { cursor in
                let start = cursor.start ?? ContinuousClock.now
                cursor.start = start
                defer { cursor.next += 1 }
                return (start, cursor.next)
            }
            guard index < pieces.count else {
                // The body ends when httpbin's last sleep does.
                if index == pieces.count, end > .zero { try? await Task.sleep(until: start + end, clock: .continuous) }
                return nil
            }
            let piece = pieces[index]
            if piece.after > .zero {
                do {
                    try await Task.sleep(until: start + piece.after, clock: .continuous)
                } catch {
                    return nil  // cancelled: the response ended early
                }
            }
            return piece.bytes
        })
    }

    /// A response that streams these pieces, announcing `Content-Length` when `announceLength`
    /// (else chunked, as httpbin's generators are sent).
    func response(status: Int = 200, headers: HeaderFields, announceLength: Bool) -> MockServer.Response {
        MockServer.Response(status: status, headers: headers, body: .stream(length: announceLength ? length : nil, chunks: stream()))
    }
}

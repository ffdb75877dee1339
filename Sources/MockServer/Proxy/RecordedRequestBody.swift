import NetworkCore

/// What a recorder (or the journal) keeps of a request body as it streams upstream: its first
/// `limit` bytes and the whole size, so recording a gigabyte upload costs a megabyte.
final class RecordedRequestBody: Sendable {
    private let state = Lock<(prefix: [UInt8], size: Int64)>(([], 0))
    private let limit: Int

    /// Keeps the first `limit` bytes: ``ProxiedExchange/recordedRequestBodyLimit`` for a
    /// recording; the journal keeps less (``Exchange/keptBodyLimit``), since it holds up to
    /// its capacity of entries at once.
    init(limit: Int = ProxiedExchange.recordedRequestBodyLimit) {
        self.limit = limit
    }

    /// A piece went upstream.
    @Sendable func append(_ piece: [UInt8]) {
        state.withLock { state in
            state.size += Int64(piece.count)
            let room = limit - state.prefix.count
            if room > 0 { state.prefix += piece.prefix(room) }
        }
    }

    /// The body is sent again from its start (a retry on a new connection).
    func reset() {
        state.withLock { $0 = ([], 0) }
    }

    /// The prefix kept and the body's whole size.
    var taken: (prefix: [UInt8], size: Int64) { state.withLock { $0 } }
}

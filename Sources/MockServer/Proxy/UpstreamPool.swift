import NetworkCore

/// The proxy's idle keep-alive connections to its upstream, reused across client requests
/// whichever client connection they come from.
final class UpstreamPool: Sendable {
    private let maxIdle: Int
    private let state = Lock(State())

    private struct State {
        var idle: [UpstreamConnection] = []
        var closed = false
    }

    init(maxIdle: Int) {
        self.maxIdle = maxIdle
    }

    /// An idle connection the upstream has not closed meanwhile, if any.
    func take() -> UpstreamConnection? {
        while true {
            guard let connection = state.withLock({ $0.idle.popLast() }) else { return nil }
            // An upstream that closed an idle connection shows it as end of stream: writing a
            // request there would fail, or worse, be half-read.
            if connection.transport.isStale {
                connection.close()
                continue
            }
            return connection
        }
    }

    /// Keeps `connection` for a later request, or closes it when the pool is full or closed.
    func giveBack(_ connection: UpstreamConnection) {
        let kept = state.withLock { state in
            guard !state.closed, state.idle.count < maxIdle else { return false }
            state.idle.append(connection)
            return true
        }
        if !kept { connection.close() }
    }

    /// Closes every idle connection; connections given back later are closed too.
    func close() {
        let idle = state.withLock { state in
            state.closed = true
            defer { state.idle.removeAll() }
            return state.idle
        }
        for connection in idle { connection.close() }
    }
}

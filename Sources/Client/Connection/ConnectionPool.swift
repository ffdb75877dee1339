import NetworkCore

/// Idle kept-alive connections, a few per `host:port`, shared by one client's downloads.
///
/// A connection is handed to one download at a time: ``take(_:)`` removes it from the pool
/// and ``put(_:for:)`` gives it back once its response has been read in full.
final class ConnectionPool<Connection: Sendable>: Sendable {
    private struct State {
        var idle: [String: [Connection]] = [:]
        var closed = false
    }

    private let state = Lock(State())
    private let capacity: Int
    private let isUsable: @Sendable (Connection) -> Bool
    private let close: @Sendable (Connection) -> Void

    /// A pool keeping at most `capacity` idle connections per authority; `isUsable` tells
    /// whether an idle connection is still open, `close` closes one.
    init(capacity: Int, isUsable: @escaping @Sendable (Connection) -> Bool, close: @escaping @Sendable (Connection) -> Void) {
        self.capacity = capacity
        self.isUsable = isUsable
        self.close = close
    }

    /// The most recently returned idle connection to `authority` that is still open, if any.
    func take(_ authority: String) -> Connection? {
        while let connection = state.withLock({ $0.idle[authority]?.popLast() }) {
            if isUsable(connection) { return connection }
            close(connection)
        }
        return nil
    }

    /// Keeps `connection` for the next request to `authority`, or closes it when the pool is
    /// full or closed.
    func put(_ connection: Connection, for authority: String) {
        let kept = state.withLock { state -> Bool in
            guard !state.closed, state.idle[authority, default: []].count < capacity else { return false }
            state.idle[authority, default: []].append(connection)
            return true
        }
        if !kept { close(connection) }
    }

    /// Closes every idle connection; connections given back later are closed at once.
    func closeAll() {
        let idle = state.withLock { state in
            state.closed = true
            defer { state.idle = [:] }
            return state.idle.values.flatMap { $0 }
        }
        for connection in idle { close(connection) }
    }
}

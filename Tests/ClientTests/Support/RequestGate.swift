import NetworkCore

/// Holds the requests of a route until `count` of them wait at once, then lets them all go:
/// a test that must see N requests in flight together asks for exactly that, instead of
/// hoping a latency is long enough to overlap them. `release()` lets go of whoever waits
/// (a test calls it after its patience ran out, so that a failure never hangs).
final class RequestGate: Sendable {
    private struct State {
        var waiting: [CheckedContinuation<Void, Never>] = []
        var mostWaiting = 0
        var open = false
    }

    private let count: Int
    private let state = Lock(State())

    init(count: Int) {
        self.count = count
    }

    /// The most requests that waited at the gate at one moment.
    var mostWaiting: Int { state.withLock { $0.mostWaiting } }

    /// Waits until `count` requests wait (or the gate was released).
    func arrive() async {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
                guard !state.open else { return [continuation] }
                state.waiting.append(continuation)
                state.mostWaiting = max(state.mostWaiting, state.waiting.count)
                guard state.waiting.count >= count else { return [] }
                state.open = true
                defer { state.waiting = [] }
                return state.waiting
            }
            for waiting in ready { waiting.resume() }
        }
    }

    /// Opens the gate for good, letting go of every request that waits.
    func release() {
        let waiting = state.withLock { state in
            state.open = true
            defer { state.waiting = [] }
            return state.waiting
        }
        for continuation in waiting { continuation.resume() }
    }
}

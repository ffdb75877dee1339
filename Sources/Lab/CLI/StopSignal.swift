#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization

/// SIGINT (Ctrl-C) and SIGTERM, turned from process-killing signals into an event the running
/// command can wait for or poll, so it can stop cleanly and keep what it gathered.
final class StopSignal: Sendable {
    /// The process's one instance; installing it replaces the default handlers.
    static let shared = StopSignal()

    private let state: Shared
    /// Held only to keep the sources alive; never read after `init`.
    nonisolated(unsafe) private let sources: [any DispatchSourceSignal]

    private struct State {
        var received: String?
        var waiters: [CheckedContinuation<String, Never>] = []
    }

    private final class Shared: Sendable {
        let mutex = Mutex(State())
    }

    private init() {
        let state = Shared()
        self.state = state
        var sources: [any DispatchSourceSignal] = []
        for (number, name) in [(SIGINT, "interrupted"), (SIGTERM, "terminated")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            sources.append(source)
            source.setEventHandler { [state] in
                let waiters = state.mutex.withLock { state in
                    if state.received == nil { state.received = name }
                    defer { state.waiters.removeAll() }
                    return state.waiters
                }
                for waiter in waiters { waiter.resume(returning: name) }
            }
            source.resume()
        }
        self.sources = sources
    }

    /// Installs the handlers (idempotent).
    static func install() {
        _ = shared
    }

    /// Waits for SIGINT or SIGTERM; returns "interrupted" or "terminated".
    static func wait() async -> String {
        await withCheckedContinuation { continuation in
            let already = shared.state.mutex.withLock { state -> String? in
                if let received = state.received { return received }
                state.waiters.append(continuation)
                return nil
            }
            if let already { continuation.resume(returning: already) }
        }
    }

    /// True once a stop was requested.
    static var requested: Bool {
        shared.state.mutex.withLock { $0.received != nil }
    }
}

import NetworkCore
import CNetworkLab
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// SIGINT (Ctrl-C) and SIGTERM, turned from process-killing signals into an event the running
/// command can wait for or poll, so it can stop cleanly and keep what it gathered.
///
/// A signal that arrives any time after ``install()`` returns is kept, however soon: a script
/// may send SIGTERM the moment it has read `lab serve`'s URL line.
final class StopSignal: Sendable {
    /// The process's one instance; installing it replaces the default handlers.
    static let shared = StopSignal()

    private let state: Shared
    /// Held only to keep the source alive; never read after `init`.
    nonisolated(unsafe) private let source: any DispatchSourceRead

    private struct State {
        var received: String?
        var waiters: [@Sendable (sending String) -> Void] = []
    }

    private final class Shared: Sendable {
        let mutex = Lock(State())
    }

    private init() {
        // The handler only writes the signal's number into a pipe, so nothing is lost between
        // here and the moment the read source below is registered.
        let pipe = cnetworklab_stop_signal_pipe()
        guard pipe >= 0 else {
            fatalError("lab: cannot install the SIGINT and SIGTERM handlers: \(String(cString: strerror(errno)))")
        }
        let state = Shared()
        self.state = state
        source = DispatchSource.makeReadSource(fileDescriptor: pipe, queue: .global())
        source.setEventHandler {
            var number: UInt8 = 0
            while read(pipe, &number, 1) == 1 {
                let name = Int32(number) == SIGINT ? "interrupted" : "terminated"
                let waiters = state.mutex.withLock { state in
                    if state.received == nil { state.received = name }
                    defer { state.waiters.removeAll() }
                    return state.waiters
                }
                for waiter in waiters { waiter(name) }
            }
        }
        source.resume()
    }

    /// Installs the handlers (idempotent).
    static func install() {
        _ = shared
    }

    /// Waits for SIGINT or SIGTERM; returns "interrupted" or "terminated".
    static func wait() async -> String {
        await handOver { hand in
            let already = shared.state.mutex.withLock { state -> String? in
                if let received = state.received { return received }
                state.waiters.append(hand)
                return nil
            }
            if let already { hand(already) }
        }
    }

    /// True once a stop was requested.
    static var requested: Bool {
        shared.state.mutex.withLock { $0.received != nil }
    }
}

/// A listening socket on an event loop: accepts every connection waiting while its owner has
/// room for one, and hands each over. When `accept` fails (out of descriptors, most often) the
/// connection stays in the kernel's backlog and the acceptor tries again shortly, instead of
/// spinning on a listener that stays readable.
///
/// The server and the TCP proxy each own one:
///
/// ```swift
/// acceptor = Acceptor(listener: listener, loop: loop, hasRoom: { [unowned self] in connections.count < limit }) { [unowned self] socket in
///     open(socket)
/// }
/// try acceptor.activate()
/// ```
///
/// Everything runs on `loop`'s thread.
package final class Acceptor: Selectable, @unchecked Sendable {
    // Unchecked: touched only on `loop`'s thread.
    private let listener: Socket
    private let loop: EventLoop
    private let hasRoom: () -> Bool
    private let accepted: (Socket) -> Void
    private var registration: Registration?
    private var readable = false
    /// The pause after a failed accept (no descriptor left), before the next try.
    private let backoff: LoopTimer
    private var closed = false

    /// An acceptor for `listener` that asks `hasRoom` before each accept and gives each new
    /// socket to `accepted`.
    package init(listener: Socket, loop: EventLoop, hasRoom: @escaping () -> Bool = { true }, accepted: @escaping (Socket) -> Void) {
        self.listener = listener
        self.loop = loop
        backoff = LoopTimer(loop: loop)
        self.hasRoom = hasRoom
        self.accepted = accepted
    }

    /// Starts accepting. *Loop only.*
    package func activate() throws(SocketError) {
        registration = try loop.register(self, fd: listener.fd)
    }

    package func handleReadiness(_ event: ReadinessEvent) {
        readable = true
        acceptPending()
    }

    /// Accepts what waits, as far as the owner has room: call it when room frees up (a
    /// connection closed). *Loop only.*
    package func acceptPending() {
        while readable, !closed, !backoff.isArmed, hasRoom() {
            do {
                guard let socket = try listener.accept() else {
                    readable = false
                    return
                }
                accepted(socket)
            } catch {
                backoff.arm(at: Instant.now() + .milliseconds(error.isOutOfDescriptors ? 100 : 10)) { [self] in acceptPending() }
                return
            }
        }
    }

    /// Stops accepting and closes the listener. *Loop only.*
    package func close() {
        guard !closed else { return }
        closed = true
        if let registration { loop.deregister(registration, fd: listener.fd) }
        registration = nil
        listener.close()
        backoff.cancel()
    }
}

import Foundation
import MockServer
import NetworkCore

/// The upstream behind `lab bench proxy`'s measurements: plain blocking sockets, a thread per
/// connection, so the proxy's event loop is the only one in the measurement. What a
/// connection gets is the `serve` function it was started with (``ProxyBenchUpstream``'s
/// byte counts and echo, ``HTTPBenchUpstream``'s minimal HTTP/1.1).
final class BenchUpstream: Sendable {
    let port: Int
    private let listener: Socket
    private let stopped = Lock(false)
    private let name: String
    /// The payload every connection sends from, filled once: a thousand connections starting
    /// at once must not each fill a buffer of their own before their first byte.
    private let payload: [UInt8]
    private let serve: @Sendable (Socket, [UInt8]) -> Void

    /// Listens on 127.0.0.1 (a free port) and serves each connection with `serve`, given the
    /// connection's blocking socket and the shared payload; the socket is closed after it.
    init(name: String, serve: @escaping @Sendable (Socket, [UInt8]) -> Void) throws(BenchError) {
        do {
            listener = try Socket.listening(on: SocketAddress(numericHost: "127.0.0.1", port: 0)!)
            try listener.setNonBlocking(false)
            port = try listener.localAddress().port
        } catch {
            throw BenchError("\(name): \(error)")
        }
        self.name = name
        self.serve = serve
        payload = Payload.checkedBytes(seed: 0, count: RawPump.pieceSize)
        let thread = Thread { [self] in acceptLoop() }
        thread.name = name
        thread.start()
    }

    /// Stops accepting; connections in progress end on their own or when their clients leave.
    func stop() {
        stopped.withLock { $0 = true }
        listener.shutdownBoth()
        listener.close()
    }

    private func acceptLoop() {
        while !stopped.withLock({ $0 }) {
            guard let accepted = try? listener.accept() else { return }
            let thread = Thread { [self] in
                defer { accepted.close() }
                try? accepted.setNonBlocking(false)
                serve(accepted, payload)
            }
            thread.name = "\(name)-connection"
            // A thousand of them at once: a small stack each.
            thread.stackSize = 256 * 1024
            thread.start()
        }
    }
}

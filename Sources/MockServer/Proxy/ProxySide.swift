import NetworkCore

/// One socket of a proxied connection (the client's or the upstream's) and the readiness it
/// has not used yet; its events go to the connection.
final class ProxySide: Selectable {
    let socket: Socket
    var registration: Registration?
    /// Bytes (or end of stream) may be waiting: read until the call would block.
    var readable = true
    /// The socket takes bytes: write until the call would block.
    var writable = true
    /// Our sending side is shut down (FIN sent).
    var writeShut = false
    private unowned let connection: ProxyConnection
    private let onReadiness: (ProxyConnection, ReadinessEvent) -> Void

    init(socket: Socket, connection: ProxyConnection, onReadiness: @escaping (ProxyConnection, ReadinessEvent) -> Void) {
        self.socket = socket
        self.connection = connection
        self.onReadiness = onReadiness
    }

    func handleReadiness(_ event: ReadinessEvent) {
        if event.readable || event.hangUp || event.error { readable = true }
        if event.writable || event.error { writable = true }
        onReadiness(connection, event)
    }
}

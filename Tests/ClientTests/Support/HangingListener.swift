import Foundation
import NetworkCore
@testable import NetworkLabClient
import TestSupport

/// A listening socket whose backlog is full and which never accepts, so that a new
/// connection's handshake hangs (the kernel drops its SYN): a connect timeout on loopback.
struct HangingListener: Sendable {
    let address: SocketAddress
    private let sockets: [Socket]

    /// Fills the backlog until a connection attempt hangs for 500 ms: half the first SYN
    /// retransmission, and long enough that a loaded machine's slow handshake is not taken
    /// for a hang. The attempts stay open so that their ports are not reused.
    static func start() async throws -> HangingListener {
        let listener = try Socket.listening(on: SocketAddress(numericHost: "127.0.0.1", port: 0)!, backlog: 0)
        let address = try listener.localAddress()
        let fillers = try await blocking { () throws -> [Socket] in
            var fillers: [Socket] = []
            while fillers.count < 16 {
                let socket = try Socket.tcp(family: address.family)
                fillers.append(socket)
                if try socket.connect(to: address) { continue }
                var entry = pollfd(fd: socket.fd, events: Int16(POLLOUT), revents: 0)
                if poll(&entry, 1, 500) == 0 { break }
            }
            return fillers
        }
        return HangingListener(address: address, sockets: [listener] + fillers)
    }

    func close() {
        for socket in sockets { socket.close() }
    }
}

import NetworkCore

/// The plain transport: the socket as it is.
final class PlainUpstreamTransport: UpstreamTransport {
    let socket: AsyncSocket

    init(_ socket: AsyncSocket) {
        self.socket = socket
    }

    // Read straight into the piece handed on (no copy out of a read buffer: at a GB/s, a copy
    // per byte is a tenth of the proxy's time).
    func read(upTo count: Int, deadline: Instant?) async throws(UpstreamTransportError) -> [UInt8] {
        do { return try await socket.read(upTo: count, deadline: deadline) } catch { throw .io(error) }
    }

    func write(_ bytes: [UInt8], deadline: Instant?) async throws(UpstreamTransportError) {
        do { try await socket.write(bytes, deadline: deadline) } catch { throw .io(error) }
    }

    func close() {
        socket.close()
    }

    var isStale: Bool {
        !socket.isOpenAndIdle
    }
}

import Glibc
@testable import MockServer
import NetworkCore
import Testing

@Suite struct SocketPacedSendBufferTests {
    /// The send buffer the kernel reports after `limitSendBuffer(pacedAt:)`: Linux doubles
    /// the size asked for (its bookkeeping), so it reports twice the bytes of 50 ms.
    private static func sendBuffer(pacedAt rate: Double) throws -> Int32 {
        let socket = try Socket.tcp(family: AF_INET)
        defer { socket.close() }
        socket.limitSendBuffer(pacedAt: rate)
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        #expect(getsockopt(socket.fd, SOL_SOCKET, SO_SNDBUF, &value, &length) == 0)
        return value
    }

    @Test func sendBuffer_holdsFiftyMillisecondsOfTheRate_within16KiBAnd4MiB() throws {
        #expect(try Self.sendBuffer(pacedAt: 2_000_000) == 2 * 100_000)
        // A slow rate still gets 16 KiB; a fast one at most 4 MiB (as far as the kernel's
        // wmem_max lets it: it may grant less).
        #expect(try Self.sendBuffer(pacedAt: 1_000) == 2 * 16 * 1024)
        #expect(try Self.sendBuffer(pacedAt: 1e12) <= 2 * 4 * 1024 * 1024)
    }
}

#if canImport(Glibc)
import Glibc
import Testing
import TestSupport
@testable import NetworkCore

/// What a socket says of its send buffer, on a real loopback connection: ``Socket/unsentBytes()``
/// and ``Socket/sendBufferRoom()``, which the TCP proxy reads to size its reads.
@Suite struct SocketSendBufferTests {
    @Test func roomShrinksWhileThePeerDoesNotRead_andComesBackWhenItDoes() async throws {
        struct Seen: Sendable { var fresh = 0, full = 0, unsentWhenFull = 0, afterReading = 0, unsentAfterReading = -1 }
        let seen = try await blocking { () throws -> Seen in
            let listener = try Socket.listening(on: SocketAddress(numericHost: "127.0.0.1", port: 0)!)
            defer { listener.close() }
            let sender = try Socket.tcp(family: AF_INET)
            _ = try sender.connect(to: try listener.localAddress())
            var accepted: Socket?
            for _ in 0..<1_000 where accepted == nil {
                accepted = try listener.accept()
                if accepted == nil { usleep(1_000) }
            }
            guard let receiver = accepted else { throw TestSetupError("the loopback connection was never accepted") }
            defer { sender.close(); receiver.close() }
            var seen = Seen(fresh: sender.sendBufferRoom())
            let piece = [UInt8](repeating: 7, count: 65_536)
            var written = 0
            while case .processed(let count) = try piece.withUnsafeBytes({ try sender.send($0) }) { written += count }
            // What the receiver's buffer did not take waits, unacknowledged, in the sender's.
            seen.full = sender.sendBufferRoom()
            seen.unsentWhenFull = sender.unsentBytes()
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
            defer { buffer.deallocate() }
            var read = 0
            for _ in 0..<10_000 where read < written {
                if case .processed(let count) = try receiver.receive(into: buffer) { read += count } else { usleep(1_000) }
            }
            seen.afterReading = sender.sendBufferRoom()
            seen.unsentAfterReading = sender.unsentBytes()
            return seen
        }
        #expect(seen.fresh > 0)
        #expect(seen.unsentWhenFull > 0)
        #expect(seen.full < seen.fresh, "\(seen)")
        #expect(seen.unsentAfterReading == 0)
        #expect(seen.afterReading > seen.full, "\(seen)")
    }
}
#endif

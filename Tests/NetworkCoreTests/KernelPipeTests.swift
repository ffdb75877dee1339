#if canImport(Glibc)
import Glibc
import Testing
import TestSupport
@testable import NetworkCore

/// `splice(2)` through ``KernelPipe`` between two real loopback connections: every byte, in
/// order; `EAGAIN` reported as would-block on both sides; the end of stream and a reset told
/// apart; a splice into a closed peer failing with EPIPE instead of killing the process.
@Suite struct KernelPipeTests {
    // The splices poll with short sleeps: each test runs on a thread of its own, off the
    // cooperative pool, and checks what it saw afterwards.

    /// Both ends of a new non-blocking loopback connection.
    private static func connectedPair() throws -> (Socket, Socket) {
        let listener = try Socket.listening(on: SocketAddress(numericHost: "127.0.0.1", port: 0)!)
        defer { listener.close() }
        let client = try Socket.tcp(family: AF_INET)
        _ = try client.connect(to: try listener.localAddress())
        for _ in 0..<1_000 {
            if let accepted = try listener.accept() { return (client, accepted) }
            usleep(1_000)
        }
        throw TestSetupError("the loopback connection was never accepted")
    }

    @Test func bytesGoFromOneSocketToAnotherInOrder() async throws {
        struct Seen: Sendable {
            var capacity = 0, received: [UInt8] = []
            var fillWhenEmpty = Socket.IOResult.wouldBlock, drainWhenEmpty = Socket.IOResult.wouldBlock
            var ending = Socket.IOResult.wouldBlock
        }
        let message = (0..<100_000).map { UInt8($0 % 251) }
        let seen = try await blocking { () throws -> Seen in
            let (sourceWriter, source) = try Self.connectedPair()
            let (destination, destinationReader) = try Self.connectedPair()
            let pipe = try KernelPipe.open()
            defer { [sourceWriter, source, destination, destinationReader].forEach { $0.close() }; pipe.close() }
            var seen = Seen(capacity: pipe.capacity)
            var written = 0, inPipe = 0
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 65_536, alignment: 16)
            defer { buffer.deallocate() }
            for _ in 0..<100_000 where seen.received.count < message.count {
                if written < message.count, case .processed(let count) = try message[written...].withUnsafeBytes({ try sourceWriter.send($0) }) {
                    written += count
                }
                if case .processed(let count) = try pipe.fill(from: source, upTo: pipe.capacity - inPipe) { inPipe += count }
                if case .processed(let count) = try pipe.drain(into: destination, upTo: inPipe) { inPipe -= count }
                if case .processed(let count) = try destinationReader.receive(into: buffer) { seen.received += buffer[..<count] }
            }
            seen.fillWhenEmpty = try pipe.fill(from: source, upTo: pipe.capacity)
            seen.drainWhenEmpty = try pipe.drain(into: destination, upTo: 1)
            sourceWriter.shutdownWrite()
            for _ in 0..<1_000 where seen.ending == .wouldBlock {
                seen.ending = try pipe.fill(from: source, upTo: pipe.capacity)
                if seen.ending == .wouldBlock { usleep(1_000) }
            }
            return seen
        }
        #expect(seen.capacity >= 65_536)
        #expect(seen.received == message)
        #expect(seen.fillWhenEmpty == .wouldBlock)
        #expect(seen.drainWhenEmpty == .wouldBlock, "an empty pipe has nothing to give")
        #expect(seen.ending == .endOfStream)
    }

    @Test func aResetSourceThrowsAndAClosedDestinationFailsWithoutASignal() async throws {
        let (filled, failure, refused) = try await blocking { () throws -> (Socket.IOResult, SocketError?, SocketError?) in
            let (sourceWriter, source) = try Self.connectedPair()
            let (destination, destinationReader) = try Self.connectedPair()
            let pipe = try KernelPipe.open()
            defer { [source, destination].forEach { $0.close() }; pipe.close() }
            // Bytes in flight, then a reset from the writer.
            _ = try [UInt8](repeating: 7, count: 10).withUnsafeBytes { try sourceWriter.send($0) }
            usleep(50_000)
            let filled = try pipe.fill(from: source, upTo: pipe.capacity)
            sourceWriter.setResetOnClose()
            sourceWriter.close()
            var failure: SocketError?
            for _ in 0..<1_000 where failure == nil {
                do throws(SocketError) {
                    _ = try pipe.fill(from: source, upTo: pipe.capacity)
                    usleep(1_000)
                } catch {
                    failure = error
                }
            }

            // The reader is gone: the splice fails with EPIPE or ECONNRESET, and SIGPIPE (blocked
            // on this thread by the first splice) leaves the process alone.
            destinationReader.setResetOnClose()
            destinationReader.close()
            usleep(50_000)
            var refused: SocketError?
            for _ in 0..<100 where refused == nil {
                do throws(SocketError) {
                    _ = try pipe.drain(into: destination, upTo: 10)
                    _ = try pipe.fill(from: source, upTo: 0)
                    usleep(1_000)
                } catch {
                    refused = error
                }
            }
            return (filled, failure, refused)
        }
        #expect(filled == .processed(10))
        #expect(failure?.isReset == true)
        #expect(refused?.isReset == true)
    }
}
#endif

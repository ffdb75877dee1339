#if canImport(Glibc)
import Glibc
import Testing
import TestSupport
@testable import NetworkCore

/// `splice(2)` through ``KernelPipe`` between two real loopback connections: every byte, in
/// order; `EAGAIN` reported as would-block on both sides; the end of stream and a reset told
/// apart; a splice into a closed peer failing with EPIPE instead of killing the process.
@Suite struct KernelPipeTests {
    /// Both ends of a new non-blocking loopback connection.
    private func connectedPair() throws -> (Socket, Socket) {
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

    @Test func bytesGoFromOneSocketToAnotherInOrder() throws {
        let (sourceWriter, source) = try connectedPair()
        let (destination, destinationReader) = try connectedPair()
        let pipe = try KernelPipe.open()
        defer { [sourceWriter, source, destination, destinationReader].forEach { $0.close() }; pipe.close() }
        #expect(pipe.capacity >= 65_536)
        let message = (0..<100_000).map { UInt8($0 % 251) }
        var written = 0, inPipe = 0
        var received: [UInt8] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 65_536, alignment: 16)
        defer { buffer.deallocate() }
        for _ in 0..<100_000 where received.count < message.count {
            if written < message.count, case .processed(let count) = try message[written...].withUnsafeBytes({ try sourceWriter.send($0) }) {
                written += count
            }
            if case .processed(let count) = try pipe.fill(from: source, upTo: pipe.capacity - inPipe) { inPipe += count }
            if case .processed(let count) = try pipe.drain(into: destination, upTo: inPipe) { inPipe -= count }
            if case .processed(let count) = try destinationReader.receive(into: buffer) { received += buffer[..<count] }
        }
        #expect(received == message)
        #expect(try pipe.fill(from: source, upTo: pipe.capacity) == .wouldBlock)
        #expect(try pipe.drain(into: destination, upTo: 1) == .wouldBlock, "an empty pipe has nothing to give")
        sourceWriter.shutdownWrite()
        var ending = Socket.IOResult.wouldBlock
        for _ in 0..<1_000 where ending == .wouldBlock {
            ending = try pipe.fill(from: source, upTo: pipe.capacity)
            if ending == .wouldBlock { usleep(1_000) }
        }
        #expect(ending == .endOfStream)
    }

    @Test func aResetSourceThrowsAndAClosedDestinationFailsWithoutASignal() throws {
        let (sourceWriter, source) = try connectedPair()
        let (destination, destinationReader) = try connectedPair()
        let pipe = try KernelPipe.open()
        defer { [source, destination].forEach { $0.close() }; pipe.close() }
        // Bytes in flight, then a reset from the writer.
        _ = try [UInt8](repeating: 7, count: 10).withUnsafeBytes { try sourceWriter.send($0) }
        usleep(50_000)
        #expect(try pipe.fill(from: source, upTo: pipe.capacity) == .processed(10))
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
        #expect(failure?.isReset == true)

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
        #expect(refused?.isReset == true)
    }
}
#endif

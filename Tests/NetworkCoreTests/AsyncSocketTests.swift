import Foundation
import TestSupport
import Testing
@testable import NetworkCore

/// A listening socket on 127.0.0.1 whose one connection a plain thread accepts and handles,
/// so tests exercise the async side against a peer that shares none of its code.
///
/// The thread owns the listener and closes it after accepting: a test need not keep the
/// peer alive, and no descriptor is closed while another thread may still use its number.
struct ThreadPeer: Sendable {
    let port: Int

    init(_ handle: @escaping @Sendable (Socket) -> Void) throws {
        let listener = try Socket.listening(on: SocketAddress(numericHost: "127.0.0.1", port: 0)!)
        port = try listener.localAddress().port
        try listener.setNonBlocking(false)
        Thread.detachNewThread {
            let fd = Glibc.accept(listener.fd, nil, nil)
            listener.close()
            guard fd >= 0 else { return }
            handle(Socket(fd: fd))
        }
    }

    var address: SocketAddress { SocketAddress(numericHost: "127.0.0.1", port: port)! }
}

@Suite struct AsyncSocketTests {
    @Test func connect_write_read_echoesBytes() async throws {
        let peer = try ThreadPeer { socket in
            var buffer = [UInt8](repeating: 0, count: 1024)
            let count = buffer.withUnsafeMutableBytes { Glibc.recv(socket.fd, $0.baseAddress, 1024, 0) }
            _ = buffer.withUnsafeBytes { Glibc.send(socket.fd, $0.baseAddress, count, Int32(MSG_NOSIGNAL)) }
            socket.close()
        }
        let socket = try await AsyncSocket.connect(to: peer.address)
        defer { socket.close() }
        try await socket.write(Array("hello".utf8))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 1)
        defer { buffer.deallocate() }
        var received: [UInt8] = []
        while true {
            let count = try await socket.read(into: buffer)
            if count == 0 { break }
            received += buffer[..<count]
        }
        #expect(String(decoding: received, as: UTF8.self) == "hello")
    }

    @Test func readUpTo_returnsWhatIsReadyAtMostTheCount_andEmptyAtTheEnd() async throws {
        let sent = (0..<100_000).map { UInt8($0 % 251) }
        let peer = try ThreadPeer { socket in
            _ = sent.withUnsafeBytes { Glibc.send(socket.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            socket.close()
        }
        let socket = try await AsyncSocket.connect(to: peer.address)
        defer { socket.close() }
        var received: [UInt8] = []
        var largest = 0
        while true {
            let piece = try await socket.read(upTo: 4_096)
            if piece.isEmpty { break }
            largest = max(largest, piece.count)
            received += piece
        }
        #expect(received == sent)
        #expect(largest <= 4_096)
    }

    @Test func connect_toClosedPort_isRefused() async throws {
        // Bound but not listening: connections are refused, and no other test's listener can
        // take the port meanwhile (a closed one could, and would accept this connection).
        let reserved = try Socket.tcp(family: AF_INET)
        defer { reserved.close() }
        try reserved.bind(SocketAddress(numericHost: "127.0.0.1", port: 0)!)
        let port = try reserved.localAddress().port
        do throws(AsyncIOError) {
            let socket = try await AsyncSocket.connect(to: SocketAddress(numericHost: "127.0.0.1", port: port)!)
            socket.close()
            Issue.record("connected to a port nobody listens on")
        } catch {
            guard case .socket(let error) = error else {
                Issue.record("not refused: \(error)")
                return
            }
            #expect(error.isRefused, "\(error)")
        }
    }

    @Test func read_timesOut_atItsDeadline() async throws {
        // The peer stays silent until we close: the read can only end by its deadline.
        let peer = try ThreadPeer { socket in
            var byte: UInt8 = 0
            _ = Glibc.recv(socket.fd, &byte, 1, 0)
            socket.close()
        }
        // Timed on threads of the test's own: a private loop fires the deadline, and the
        // reading task resumes on a thread nothing else uses, not on the cooperative pool.
        let loop = try EventLoop(name: "read-deadline")
        defer { loop.stop() }
        let executor = ThreadExecutor(name: "read-deadline")
        defer { executor.shutdown() }
        let (deadline, ended, error) = try await Task(executorPreference: executor) { () async throws -> (Instant, Instant, (any Error)?) in
            let socket = try await AsyncSocket.connect(to: peer.address, loop: loop)
            defer { socket.close() }
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 1)
            defer { buffer.deallocate() }
            let deadline = Instant.now() + .milliseconds(100)
            do {
                let count = try await socket.read(into: buffer, deadline: deadline)
                Issue.record("read returned \(count) bytes instead of timing out")
                return (deadline, Instant.now(), nil)
            } catch {
                return (deadline, Instant.now(), error)
            }
        }.value
        #expect(error as? AsyncIOError == .timedOut, "\(String(describing: error))")
        // Never before the deadline, exactly; after it by less than 10 times the wait, which
        // only a loop that ignored the deadline (and a machine stopped for a second) misses.
        #expect(ended >= deadline)
        #expect(ended - deadline < .seconds(1), "\(ended - deadline) late")
    }

    @Test func cancellingARead_failsItAtOnce_andClosesTheConnection() async throws {
        let peerSawClose = AsyncStream<Bool>.makeStream()
        let peer = try ThreadPeer { socket in
            var byte: UInt8 = 0
            let count = Glibc.recv(socket.fd, &byte, 1, 0)
            peerSawClose.continuation.yield(count <= 0)
            socket.close()
        }
        let socket = try await AsyncSocket.connect(to: peer.address)
        let reader = Task {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 1)
            defer { buffer.deallocate() }
            return try await socket.read(into: buffer)
        }
        try await Task.sleep(for: .milliseconds(20))
        reader.cancel()
        await #expect(throws: AsyncIOError.cancelled) { _ = try await reader.value }
        var iterator = peerSawClose.stream.makeAsyncIterator()
        #expect(await iterator.next() == true)
    }

    /// A close from another thread lands while reads and writes are busy on the socket: the
    /// descriptor stays open until the call using it returns, so each call ends with bytes,
    /// `.closed` or the connection's reset, never with an error from a descriptor closed (or
    /// reused) under it (EBADF). The window it guards is a few instructions wide: before the
    /// fix fifty rounds passed too, so this shows the behaviour; the rule itself (who releases
    /// the descriptor, and when) is ``DescriptorLifetime``'s, tested step by step there.
    @Test func closingWhileReadsAndWritesAreBusy_endsThemWithClosed_neverOnADeadDescriptor() async throws {
        for _ in 0..<50 {
            let peer = try ThreadPeer { socket in
                var piece = [UInt8](repeating: 7, count: 65_536)
                while piece.withUnsafeMutableBytes({ Glibc.send(socket.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }) > 0,
                      piece.withUnsafeMutableBytes({ Glibc.recv(socket.fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }) != 0 {}
                socket.close()
            }
            let socket = try await AsyncSocket.connect(to: peer.address)
            let reader = Task.detached { () -> AsyncIOError? in
                do throws(AsyncIOError) {
                    while try await !socket.read(upTo: 16_384).isEmpty {}
                    return nil
                } catch { return error }
            }
            let writer = Task.detached { () -> AsyncIOError? in
                do throws(AsyncIOError) {
                    while true { try await socket.write([UInt8](repeating: 1, count: 16_384)) }
                } catch { return error }
            }
            try await Task.sleep(for: .milliseconds(2))
            await withCheckedContinuation { done in
                Thread.detachNewThread {
                    socket.close()
                    done.resume()
                }
            }
            let endings = [await reader.value, await writer.value]
            for ending in endings {
                // nil: the read saw the end of the stream. After the close's shutdown a send
                // may also fail with EPIPE or, once the peer has gone, ECONNRESET: the
                // connection's own errors, not the descriptor's.
                switch ending {
                case nil, .closed?: break
                case .socket(let error)?: #expect(error.isReset, "\(error)")
                case let other?: Issue.record("\(other)")
                }
            }
        }
    }
}

import Foundation
import Synchronization
import Testing
import TestSupport
@testable import NetworkCore

@Suite struct ReadBufferPoolTests {
    @Test func recycledBuffers_areLentAgain_upToTheKeepLimit() {
        let pool = ReadBufferPool(bufferSize: 4096, keep: 2)
        let taken = (0..<3).map { _ in pool.take() }
        #expect(Set(taken.map(\.baseAddress)).count == 3)
        #expect(taken.allSatisfy { $0.count == 4096 })
        #expect(pool.lent == 3)
        for buffer in taken { pool.recycle(buffer) }
        #expect(pool.lent == 0)
        // Two were kept and come back; the third was freed, so a third take allocates.
        let again = (0..<2).map { _ in pool.take() }
        #expect(Set(again.map(\.baseAddress)).isSubset(of: Set(taken.map(\.baseAddress))))
        for buffer in again { pool.recycle(buffer) }
    }

    @Test func waitingReads_holdNoBuffer_andReadyOnesBorrowOne() async throws {
        // Many sockets waiting for bytes, as many downloads waiting on a slow server: none
        // holds a buffer while it waits.
        let pool = ReadBufferPool(bufferSize: 64 * 1024, keep: 64)
        let count = 50
        let pairs = try (0..<count).map { _ in try Self.socketPair() }
        defer { for (waiting, peer) in pairs { waiting.close(); peer.close() } }
        let started = Counter()
        try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for (waiting, _) in pairs {
                group.addTask {
                    started.value.add(1, ordering: .relaxed)
                    let (buffer, read) = try await waiting.read(borrowingFrom: pool)
                    defer { pool.recycle(buffer) }
                    return Array(buffer[..<read])
                }
            }
            while started.value.load(ordering: .relaxed) < count { try await Task.sleep(for: .milliseconds(5)) }
            try await Task.sleep(for: .milliseconds(50))
            // Reads that had to wait gave their buffer back before waiting.
            try await waitUntil(timeout: 2) { pool.lent == 0 }
            for (index, (_, peer)) in pairs.enumerated() {
                _ = withUnsafeBytes(of: UInt8(index)) { Glibc.send(peer.fd, $0.baseAddress, 1, Int32(MSG_NOSIGNAL)) }
            }
            var received: [UInt8] = []
            for try await bytes in group { received += bytes }
            #expect(received.sorted() == (0..<count).map(UInt8.init))
        }
        #expect(pool.lent == 0)
    }

    private final class Counter: Sendable {
        let value = Atomic(0)
    }

    /// A connected pair of Unix stream sockets: the first, non-blocking, on the event loop;
    /// the second a plain socket to write from.
    private static func socketPair() throws -> (AsyncSocket, Socket) {
        var fds: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
            throw SocketError("socketpair")
        }
        let waiting = Socket(fd: fds[0])
        try waiting.setNonBlocking(true)
        return (AsyncSocket(waiting), Socket(fd: fds[1]))
    }
}

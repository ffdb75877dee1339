@testable import MockServer
import NetworkCore
import Testing

/// PacedChunks.swift: pieces made on demand, in order, and the length announced.
@Suite struct PacedChunksTests {
    @Test func pieces_comeInOrder_andAddUpToTheLength() async {
        let body = PacedChunks(Array(0..<25), pieceSize: 10)
        #expect(body.count == 3)
        #expect(body.length == 25)
        var received: [[UInt8]] = []
        for await piece in body.stream() { received.append(piece) }
        let expected: [[UInt8]] = [Array(0..<10), Array(10..<20), Array(20..<25)]
        #expect(received == expected)
    }

    @Test func pieces_areMadeOnlyWhenPulled() async {
        let made = Lock(0)
        let body = PacedChunks(count: 1_000_000, length: 1_000_000, end: .zero) { index in
            made.withLock { $0 += 1 }
            return (.zero, [UInt8(truncatingIfNeeded: index)])
        }
        var iterator = body.stream().makeAsyncIterator()
        _ = await iterator.next()
        _ = await iterator.next()
        #expect(made.withLock { $0 } <= 3)
    }

    @Test func emptyBody_endsAtOnce() async {
        var count = 0
        for await _ in PacedChunks([], pieceSize: 4).stream() { count += 1 }
        #expect(count == 0)
    }
}

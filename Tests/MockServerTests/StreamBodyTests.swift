import Foundation
import MockServer
import NetworkCore
import TestSupport
import Testing

extension LiveServerTests {
    /// Streamed response bodies (`Response.stream`): each chunk goes out as the handler yields
    /// it, chunked or sized, through the link and faults, reading no further ahead than the
    /// client.
    @Suite struct StreamBodyTests {
        /// Whether a stream's `onTermination` ran.
        final class Terminated: Sendable {
            private let flag = Lock(false)
            var value: Bool { flag.withLock { $0 } }
            func set() { flag.withLock { $0 = true } }
        }

        /// A route at `/live` that serves `chunks` (yielded by the test) with `length`.
        static func live(_ chunks: AsyncStream<[UInt8]>, length: Int64? = nil) -> MockServer.Configuration {
            .init(routes: [Route(.get, "/live") { _ in .stream(headers: ["Content-Type": "text/plain"], length: length, chunks) }])
        }

        @Test func chunkedStream_sendsEachChunkAsTheHandlerYieldsIt() async throws {
            let (chunks, producer) = AsyncStream.makeStream(of: [UInt8].self)
            try await withMockServer(Self.live(chunks)) { server in
                let (connection, head) = try await blocking { [port = server.port] in
                    let connection = try RawConnection(port: port)
                    try connection.write(RawConnection.request("GET", "/live"))
                    return (connection, try connection.readHead())
                }
                #expect(head["Transfer-Encoding"] == "chunked")
                #expect(head["Content-Length"] == nil)
                #expect(head["Content-Type"] == "text/plain")
                // Each chunk is on the wire before the next exists: nothing waits for the end.
                // Each is yielded once the server waits for it: one yielded just as it starts
                // to wait crosses inside the concurrency runtime, where ThreadSanitizer cannot
                // see the ordering, and its bytes are reported as a race (CONTRIBUTING, "Sanitizers").
                func yieldWhenAwaited(_ chunk: [UInt8]) async throws {
                    try await Task.sleep(for: .milliseconds(50))
                    producer.yield(chunk)
                }
                try await yieldWhenAwaited(Array("a".utf8))
                #expect(try await blocking { try connection.read(count: 4) } == Array("1\r\na".utf8))
                try await yieldWhenAwaited(Array("bb".utf8))
                #expect(try await blocking { try connection.read(count: 7) } == Array("\r\n2\r\nbb".utf8))
                try await yieldWhenAwaited([])  // an empty chunk must not end the body
                try await yieldWhenAwaited(Array(repeating: UInt8(ascii: "c"), count: 20))
                producer.finish()
                let rest = try await blocking { try connection.read(count: 6 + 20 + 7) }
                #expect(rest == Array("\r\n14\r\n".utf8) + Array(repeating: UInt8(ascii: "c"), count: 20) + Array("\r\n0\r\n\r\n".utf8))
                // The connection stays open for the next request.
                let next = try await blocking { try connection.exchange(RawConnection.request("GET", "/bytes/3")) }
                #expect(try next.body == Payload.bytes(seed: 0, count: 3))
                await server.settled()
                let entry = try await server.entry("/live")
                #expect(entry.outcome == .complete)
                #expect(entry.bytesSent == 23)
            }
        }

        @Test func sizedStream_announcesItsLength_andSendsTheChunksAsTheBody() async throws {
            let chunks = AsyncStream<[UInt8]> { continuation in
                Task {
                    for piece in ["hello", ", ", "world"] {
                        continuation.yield(Array(piece.utf8))
                        try? await Task.sleep(for: .milliseconds(20))
                    }
                    continuation.finish()
                }
            }
            try await withMockServer(Self.live(chunks, length: 12)) { server in
                let response = try await server.get("/live")
                #expect(response["Content-Length"] == "12")
                #expect(response["Transfer-Encoding"] == nil)
                #expect(response.text == "hello, world")
                await server.settled()
                #expect(try await server.entry("/live").outcome == .complete)
            }
        }

        @Test func sizedStream_thatEndsShort_isAbortedAndCutsTheConnection() async throws {
            let chunks = AsyncStream<[UInt8]> { continuation in
                continuation.yield(Array("1234".utf8))
                continuation.finish()
            }
            try await withMockServer(Self.live(chunks, length: 10)) { server in
                let port = server.port
                let (head, body, end) = try await blocking {
                    let connection = try RawConnection(port: port)
                    try connection.write(RawConnection.request("GET", "/live"))
                    let head = try connection.readHead()
                    let (body, end) = connection.readToEnd()
                    return (head, body, end)
                }
                #expect(head["Content-Length"] == "10")
                #expect(body == Array("1234".utf8))
                #expect(end != .timedOut)
                await server.settled()
                let entry = try await server.entry("/live")
                #expect(entry.outcome == .aborted)
                #expect(entry.bytesSent == 4)
                #expect(entry.error?.contains("4 of its 10 bytes") == true)
            }
        }

        @Test func stream_isCancelled_whenTheClientLeavesMidStream() async throws {
            let terminated = Terminated()
            let chunks = AsyncStream<[UInt8]> { continuation in
                continuation.onTermination = { _ in terminated.set() }
                Task {
                    while !terminated.value {
                        continuation.yield(Array(repeating: 7, count: 1000))
                        try? await Task.sleep(for: .milliseconds(5))
                    }
                }
            }
            try await withMockServer(Self.live(chunks)) { server in
                let port = server.port
                try await blocking {
                    let connection = try RawConnection(port: port)
                    try connection.write(RawConnection.request("GET", "/live"))
                    _ = try connection.readHead()
                    _ = try connection.read(count: 100)
                    connection.close()
                }
                try await waitUntil(timeout: 10) { terminated.value }
                try await waitUntil(timeout: 10) { server.entries("/live").count == 1 }
                #expect(try await server.entry("/live").outcome == .aborted)
            }
        }

        @Test func stream_isReadNoFurtherAheadThanTheClient() async throws {
            let chunkSize = 64 * 1024
            let count = 1024
            let pulled = Lock(0)
            let chunks = AsyncStream<[UInt8]>(unfolding: {
                let index = pulled.withLock { value -> Int in
                    value += 1
                    return value
                }
                return index <= count ? [UInt8](repeating: UInt8(truncatingIfNeeded: index), count: chunkSize) : nil
            })
            try await withMockServer(Self.live(chunks, length: Int64(chunkSize * count))) { server in
                let port = server.port
                let (early, body) = try await blocking {
                    let connection = try RawConnection(port: port)
                    try connection.write(RawConnection.request("GET", "/live"))
                    _ = try connection.readHead()
                    Thread.sleep(forTimeInterval: 0.3)
                    let early = pulled.withLock { $0 }
                    return (early, try connection.read(count: chunkSize * count))
                }
                // Only what fits in the socket buffers was taken while the client read nothing.
                #expect(early < count / 2)
                #expect(body.count == chunkSize * count)
                #expect(body[0] == 1 && body[body.count - 1] == UInt8(truncatingIfNeeded: count))
                await server.settled()
                #expect(try await server.entry("/live").outcome == .complete)
            }
        }

        @Test func head_getsTheHeadOnly_andCancelsTheStream() async throws {
            let terminated = Terminated()
            let chunks = AsyncStream<[UInt8]> { continuation in
                continuation.onTermination = { _ in terminated.set() }
                continuation.yield(Array("never sent".utf8))
            }
            try await withMockServer(Self.live(chunks)) { server in
                let port = server.port
                let (head, next) = try await blocking {
                    let connection = try RawConnection(port: port)
                    try connection.write(RawConnection.request("HEAD", "/live") + RawConnection.request("GET", "/bytes/5"))
                    return (try connection.readResponse(method: .head), try connection.readResponse())
                }
                #expect(head.status == 200)
                #expect(head["Transfer-Encoding"] == "chunked")
                #expect(head.body.isEmpty)
                #expect(try next.body == Payload.bytes(seed: 0, count: 5))
                try await waitUntil(timeout: 10) { terminated.value }
            }
        }

        @Test func http10Request_getsABodyThatEndsWithTheConnection() async throws {
            let chunks = AsyncStream<[UInt8]> { continuation in
                continuation.yield(Array("old ".utf8))
                continuation.yield(Array("client".utf8))
                continuation.finish()
            }
            try await withMockServer(Self.live(chunks)) { server in
                let response = try await blocking { [port = server.port] in
                    let connection = try RawConnection(port: port)
                    return try connection.exchange(RawConnection.request("GET", "/live", version: "HTTP/1.0"))
                }
                #expect(response["Content-Length"] == nil)
                #expect(response["Transfer-Encoding"] == nil)
                #expect(response["Connection"] == "close")
                #expect(response.text == "old client")
            }
        }

        @Test func stream_goesThroughTheLinksLatencyAndPacing() async throws {
            let chunks = AsyncStream<[UInt8]> { continuation in
                for _ in 0..<10 { continuation.yield([UInt8](repeating: 1, count: 10_000)) }
                continuation.finish()
            }
            try await withMockServer(Self.live(chunks)) { server in
                let target = "/live?latency=200ms&bandwidth=200KB/s"
                let response = try await server.get(target)
                #expect(response.body.count == 100_000)
                await server.settled()
                let entry = try await server.entry(target)
                #expect(try #require(entry.timeToFirstByte) >= .milliseconds(200))
                // 100 KB at 200 KB/s, less the burst the link allows at once.
                #expect(entry.duration >= .milliseconds(200 + 300))
            }
        }

        @Test func truncateFault_cutsAChunkedStreamAfterThatManyBodyBytes() async throws {
            let chunks = AsyncStream<[UInt8]> { continuation in
                for _ in 0..<10 { continuation.yield([UInt8](repeating: 1, count: 100)) }
                continuation.finish()
            }
            try await withMockServer(Self.live(chunks)) { server in
                let target = "/live?fault=truncate-after:250"
                let (bytes, end) = try await blocking { [port = server.port] in
                    let connection = try RawConnection(port: port)
                    try connection.write(RawConnection.request("GET", target))
                    _ = try connection.readHead()
                    return connection.readToEnd()
                }
                #expect(end == .closed)
                #expect(bytes.count < 250 + 3 * 8)  // the body bytes and their chunk framing, no terminator
                await server.settled()
                let entry = try await server.entry(target)
                #expect(entry.outcome == .fault)
                #expect(entry.bytesSent == 250)
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif
import NetworkCore
import TestSupport
import Testing
@testable import MockServer

/// The writer against a real socket (one end of a Unix socket pair, its send buffer small),
/// the pump deciding what may go, as the server's connection drives them.
@Suite struct ResponseWriterTests {
    private let head = Array("HEAD\r\n".utf8)

    /// A nonblocking pair: what the writer sends on the first, the test reads on the second.
    private func socketPair() throws -> (Socket, Socket) {
        var fds: [Int32] = [0, 0]
        try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0, &fds) == 0)
        var size: Int32 = 16 * 1024
        setsockopt(fds[0], SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        return (Socket(fd: fds[0]), Socket(fd: fds[1]))
    }

    private func exchange(_ body: any BodySource) -> Exchange {
        let exchange = Exchange(journalID: 1, head: HTTPRequestHead(method: .get, target: "/", headers: [:]), receivedAt: Instant(seconds: 0), seed: 0)
        exchange.plan = ResponsePlan(status: 200, body: body)
        exchange.headBytes = head
        return exchange
    }

    /// Everything the peer can read now.
    private func drain(_ socket: Socket) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let result = try buffer.withUnsafeMutableBytes { region throws(SocketError) in try socket.receive(into: region) }
            guard case .processed(let count) = result, count > 0 else { return bytes }
            bytes += buffer[..<count]
        }
    }

    @Test func aFullSocket_takesPartOfTheWrite_andTheRestGoesFromWhatWasKept_inOrder() throws {
        let (sender, peer) = try socketPair()
        defer { sender.close(); peer.close() }
        let body = [UInt8].cycling(Array(0...250), count: 1 << 20)
        let exchange = exchange(BytesBody(body))
        let scratch = WriteScratch()
        let writer = ResponseWriter(socket: sender, scratch: scratch, state: ServerState(.init()))
        let pump = ResponsePump(exchange)

        guard case .wrote(let first, full: true) = writer.write(pump, head: head.count, budget: Int64(body.count)) else {
            Issue.record("a 16 KiB send buffer took a 256 KiB write whole")
            return
        }
        #expect(first > head.count && first < head.count + WriteScratch.bodyCapacity)
        _ = pump.wrote(first, at: Instant(seconds: 1))
        // What the socket did not take stays where it was assembled, under the body offset reached.
        #expect(scratch.kept(for: exchange, at: exchange.bodySent) != nil)
        #expect(writer.write(pump, head: 0, budget: Int64(body.count) - exchange.bodySent) == .full)

        var received = try drain(peer)
        while exchange.bodySent < Int64(body.count) {
            switch writer.write(pump, head: 0, budget: Int64(body.count) - exchange.bodySent) {
            case .wrote(let count, _): _ = pump.wrote(count, at: Instant(seconds: 2))
            case .full: received += try drain(peer)
            case .failed: Issue.record("a healthy socket failed")
                return
            }
        }
        received += try drain(peer)
        #expect(received.count == head.count + body.count)
        #expect(Array(received.prefix(head.count)) == head)
        #expect(received.dropFirst(head.count).elementsEqual(body))
    }

    /// As the driver sends: write after write until the socket is full, then again each time
    /// it drains, until the response is over; every body byte counted for the server.
    @Test func send_writesUntilTheSocketIsFull_thenTheRest_countingEveryBodyByte() throws {
        let (sender, peer) = try socketPair()
        defer { sender.close(); peer.close() }
        let body = [UInt8].cycling(Array(0...250), count: 256 * 1024)
        let exchange = exchange(BytesBody(body))
        let state = ServerState(.init())
        let writer = ResponseWriter(socket: sender, scratch: WriteScratch(), state: state)
        let pacing = FairShareScheduler(linkBandwidth: nil)
        let pump = ResponsePump(exchange)

        #expect(writer.send(pump, at: Instant(seconds: 1), writable: false, pacing: pacing) == .full)
        #expect(exchange.headSent == 0, "nothing goes to a socket that is not writable")
        #expect(writer.send(pump, at: Instant(seconds: 1), writable: true, pacing: pacing) == .full)
        #expect(exchange.headSent == head.count && exchange.bodySent > 0 && exchange.bodySent < Int64(body.count))
        var received = try drain(peer)
        var sends = 1
        while true {
            sends += 1
            let stop = writer.send(pump, at: Instant(seconds: 2), writable: true, pacing: pacing)
            if stop == .ended(.complete) { break }
            guard stop == .full, sends < 10_000 else {
                Issue.record("stopped at \(stop) after \(sends) sends")
                return
            }
            received += try drain(peer)
        }
        received += try drain(peer)
        #expect(received == head + body)
        #expect(state.bodyBytesSent.load(ordering: .relaxed) == Int64(body.count))
        #expect(exchange.firstByteAt == Instant(seconds: 1))
    }

    @Test func aPeerThatLeft_failsTheWrite() throws {
        let (sender, peer) = try socketPair()
        defer { sender.close() }
        peer.close()
        let exchange = exchange(BytesBody(Array("hello".utf8)))
        let writer = ResponseWriter(socket: sender, scratch: WriteScratch(), state: ServerState(.init()))
        #expect(writer.write(ResponsePump(exchange), head: head.count, budget: 5) == .failed)
    }

    @Test func aBodyThatFallsShort_failsTheWrite_andSaysWhy() throws {
        let (sender, peer) = try socketPair()
        defer { sender.close(); peer.close() }
        let exchange = exchange(ShrunkBody())
        let writer = ResponseWriter(socket: sender, scratch: WriteScratch(), state: ServerState(.init()))
        #expect(writer.write(ResponsePump(exchange), head: 0, budget: 10) == .failed)
        #expect(exchange.outcome == .aborted)
        #expect(exchange.error == "the fixture changed while it was being sent")
        #expect(try drain(peer).isEmpty)
    }
}

/// A file that announced 10 bytes and has none by the time they are read.
private final class ShrunkBody: StaticBodySource {
    let size: Int64 = 10
    let digestKey: String? = nil
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int64) -> Int { 0 }
}

import MockServer
import NetworkCore
import Testing

/// The server's timeouts on virtual time: its exchange machine and endpoints without sockets,
/// each answer at the exact instant the rules give, however loaded the machine.
@Suite struct VirtualServerTests {
    private static let get10 = Array("GET /bytes/10 HTTP/1.1\r\nHost: t\r\n\r\n".utf8)

    /// Everything the client reads, as text, with when.
    private func drain(_ connection: VirtualServer.Connection) -> [(at: Instant, text: String)] {
        var out: [(Instant, String)] = []
        while let (at, output) = connection.take() {
            switch output {
            case .bytes(let bytes): out.append((at, String(decoding: bytes, as: UTF8.self)))
            case .end: out.append((at, "<end>"))
            case .reset: out.append((at, "<reset>"))
            }
        }
        return out
    }

    @Test func keptAliveConnection_isClosedOneIdleTimeoutAfterItsLastResponse() {
        let server = VirtualServer(.init(limits: .init(idleTimeout: .milliseconds(300))))
        let t0 = server.startedAt
        let connection = server.connect(at: t0)
        connection.receive(Self.get10, at: t0 + .milliseconds(250))
        connection.advance(to: t0 + .milliseconds(549))
        let answer = drain(connection)
        #expect(answer.count == 1 && answer.first?.at == t0 + .milliseconds(250))
        #expect(answer.first?.text.hasPrefix("HTTP/1.1 200 ") == true)
        connection.advance(to: t0 + .seconds(10))
        let closed = drain(connection)
        #expect(closed.map(\.at) == [t0 + .milliseconds(550)] && closed.map(\.text) == ["<end>"])
    }

    @Test func trickleOfHeaders_isAnswered408AtTheHeaderTimeout_sayingWhy() {
        let limits = MockServer.Limits(idleTimeout: .milliseconds(250), headerTimeout: .milliseconds(800))
        let server = VirtualServer(.init(limits: limits))
        let t0 = server.startedAt
        let connection = server.connect(at: t0)
        connection.receive(Array("GET /bytes/10 HTTP/1.1\r\nHost: t\r\n".utf8), at: t0)
        // A header line every 100 ms: never idle for 250 ms, never done.
        for line in 1...7 { connection.receive(Array("X-Slow-\(line): x\r\n".utf8), at: t0 + .milliseconds(100 * line)) }
        #expect(drain(connection).isEmpty)
        connection.receive(Array("X-Slow-8: x\r\n".utf8), at: t0 + .milliseconds(800))
        let answer = drain(connection)
        #expect(answer.map(\.at) == [t0 + .milliseconds(800), t0 + .milliseconds(800)])
        #expect(answer.first?.text.hasPrefix("HTTP/1.1 408 ") == true)
        #expect(answer.first?.text.contains("the request head was not complete within 0.8 seconds") == true, "\(answer)")
        #expect(answer.last?.text == "<end>")
        #expect(server.journal.map(\.status) == [408])
    }

    @Test func stalledRequestBody_isAnswered408OneIdleTimeoutAfterItsLastByte() {
        let server = VirtualServer(.init(limits: .init(idleTimeout: .milliseconds(300))))
        let t0 = server.startedAt
        let connection = server.connect(at: t0)
        connection.receive(Array("POST /bytes/10 HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nonly ten..".utf8), at: t0)
        connection.receive(Array("five.".utf8), at: t0 + .milliseconds(200))
        connection.advance(to: t0 + .milliseconds(499))
        #expect(drain(connection).isEmpty)
        connection.advance(to: t0 + .seconds(10))
        let answer = drain(connection)
        #expect(answer.first?.at == t0 + .milliseconds(500))
        #expect(answer.first?.text.hasPrefix("HTTP/1.1 408 ") == true)
        #expect(answer.first?.text.contains("stalled") == true, "\(answer)")
        #expect(answer.last?.text == "<end>")
    }
}

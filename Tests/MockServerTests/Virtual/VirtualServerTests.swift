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

extension VirtualServerTests {
    /// A 200 KB request body sent at once, and when the server has read it all: the journal's
    /// request time.
    private func uploadTime(_ target: String, link: LinkProfile) throws -> Duration {
        try uploadTime(on: VirtualServer(.init(link: link)), target, parts: [(.zero, 200_000)])
    }

    /// A request body sent in `parts` (each this long after the start, of this many bytes),
    /// and when `server` has read it all: the journal's request time.
    private func uploadTime(on server: VirtualServer, _ target: String, parts: [(after: Duration, count: Int)]) throws -> Duration {
        let t0 = server.startedAt
        let connection = server.connect(at: t0)
        let length = parts.map(\.count).reduce(0, +)
        connection.receive(Array("POST \(target) HTTP/1.1\r\nHost: t\r\nContent-Length: \(length)\r\n\r\n".utf8), at: t0)
        for (after, count) in parts {
            connection.receive([UInt8](repeating: UInt8(ascii: "u"), count: count), at: t0 + after)
        }
        let answer = try #require(connection.take())
        let entry = try #require(server.journal.first)
        #expect(answer.at == t0 + entry.requestTime, "the answer starts as soon as the body is in")
        return entry.requestTime
    }

    /// A request body being read follows a link change from its instant, as the live server's
    /// does: a cap lifted lets the rest in at once, a cap set paces a body that was read
    /// unpaced, and a body whose query fixed its cap keeps it.
    @Test func uploadsInFlight_followLinkChanges_unlessTheirQueryFixedTheirCap() throws {
        let capped = LinkProfile(uploadBandwidth: .bytesPerSecond(400_000))
        let lifted = VirtualServer(.init(link: capped))
        lifted.setLink(LinkProfile(), at: lifted.startedAt + .milliseconds(100))
        #expect(try uploadTime(on: lifted, "/bytes/10", parts: [(.zero, 200_000)]) == .milliseconds(100))

        let fixed = VirtualServer(.init(link: capped))
        fixed.setLink(LinkProfile(), at: fixed.startedAt + .milliseconds(100))
        let fixedTime = try uploadTime(on: fixed, "/bytes/10?upload-bandwidth=400KB/s", parts: [(.zero, 200_000)])
        #expect(fixedTime >= .milliseconds(450) && fixedTime <= .milliseconds(500), "\(fixedTime)")

        // Unpaced, the first 100 KB come in at once; the cap set at 1 s paces the 100 KB sent at 2 s.
        let late = VirtualServer(.init(link: LinkProfile()))
        late.setLink(capped, at: late.startedAt + .seconds(1))
        let lateTime = try uploadTime(on: late, "/bytes/10", parts: [(.zero, 100_000), (.seconds(2), 100_000)])
        #expect(lateTime >= .milliseconds(2_225) && lateTime <= .milliseconds(2_250), "\(lateTime)")
    }

    @Test func uploadCaps_paceTheRequestBody_theQuerysOverTheLinks() throws {
        let link = LinkProfile(uploadBandwidth: .bytesPerSecond(400_000))
        // Half a second at 400 KB/s, a quarter at 800 KB/s, less what the first burst takes at once.
        let linkCapped = try uploadTime("/bytes/10", link: link)
        let queryCapped = try uploadTime("/bytes/10?upload-bandwidth=800KB/s", link: link)
        #expect(linkCapped <= .milliseconds(500) && linkCapped >= .milliseconds(450), "\(linkCapped)")
        #expect(queryCapped <= .milliseconds(250) && queryCapped >= .milliseconds(225), "\(queryCapped)")
        let uncapped = try uploadTime("/bytes/10", link: LinkProfile())
        #expect(uncapped == .zero)
    }

    /// The control endpoints' request bodies are read at once, as their answers are sent: a
    /// test under the slowest upload link can always steer.
    @Test func aControlEndpointsBody_isNeverPaced() throws {
        let link = LinkProfile(uploadBandwidth: .bytesPerSecond(400_000), uploadLinkBandwidth: .bytesPerSecond(100_000))
        #expect(try uploadTime("/_lab/link", link: link) == .zero)
        #expect(try uploadTime("/bytes/10", link: link) > .seconds(1))
    }

    @Test func uploadLink_pacesARequestBodyAlone_atItsRate() throws {
        let time = try uploadTime("/bytes/10", link: LinkProfile(uploadLinkBandwidth: .bytesPerSecond(400_000)))
        #expect(time <= .milliseconds(500) && time >= .milliseconds(450), "\(time)")
    }
}

extension VirtualServerTests {
    @Test func slice_sendsPiecesSpacedByTheDelay_fromTheFirst() throws {
        let server = VirtualServer()
        let t0 = server.startedAt
        let connection = server.connect(at: t0)
        connection.receive(Array("GET /bytes/50KB?fault=slice:10KB,100ms HTTP/1.1\r\nHost: t\r\n\r\n".utf8), at: t0 + .seconds(1))
        var pieces: [(at: Instant, bytes: Int)] = []
        while let (at, output) = connection.take() {
            guard case .bytes(let bytes) = output else { break }
            pieces.append((at, bytes.count))
        }
        // The head goes with the first piece; each next piece 100 ms after the one before.
        #expect(pieces.map(\.at) == (0..<5).map { t0 + .seconds(1) + .milliseconds(100 * $0) })
        #expect(pieces.dropFirst().map(\.bytes) == [10_000, 10_000, 10_000, 10_000])
        let entry = try #require(server.journal.first)
        #expect(entry.duration == .milliseconds(400))
        #expect(entry.fault == "slice:10KB,100ms" && entry.outcome == .fault)
        #expect(entry.bytesSent == 50_000)
    }
}

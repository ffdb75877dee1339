import NetworkCore
import Testing
@testable import MockServer

@Suite struct ExchangeMachineResponseTests {
    private typealias Machine = ExchangeMachine
    private let at = ExchangeMachine.at

    private func head(_ start: [ExchangeAction]) -> (text: String, chunked: Bool)? {
        guard case .sendHead(let bytes, let chunked)? = start.first else { return nil }
        return (String(decoding: bytes, as: UTF8.self), chunked)
    }

    private func machine(after request: String) -> Machine {
        var machine = Machine.test()
        _ = machine.feed(request, at: 101)
        return machine
    }

    @Test func keepAlive_servesTheNextRequest_andRestartsTheIdleTimeout() throws {
        var machine = machine(after: "GET /a HTTP/1.1\r\nHost: t\r\n\r\n")
        let start = machine.startResponse(.head(status: 200, headers: ["X-A": "1"], length: 5, date: "Sun, 06 Dec 2026 05:00:00 GMT"), now: at(102))
        let (text, chunked) = try #require(head(start))
        #expect(text == "HTTP/1.1 200 OK\r\nX-A: 1\r\nContent-Length: 5\r\nDate: Sun, 06 Dec 2026 05:00:00 GMT\r\nServer: \(MockServer.serverName)\r\n\r\n")
        #expect(!chunked)
        #expect(machine.responseEnded(.complete, now: at(103)) == [.journal(aborted: false)])
        #expect(machine.phase == .idle)
        #expect(machine.deadline == at(163))
    }

    @Test func connectionClose_isAnswered_thenOurSideShutsAndLingers() throws {
        var machine = machine(after: "GET /a HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
        let (text, _) = try #require(head(machine.startResponse(.head(status: 200, headers: [:], length: 0, date: "D"), now: at(102))))
        #expect(text.hasSuffix("Connection: close\r\n\r\n"))
        #expect(machine.responseEnded(.complete, now: at(103)) == [.journal(aborted: false), .shutDownWriting])
        #expect(machine.phase == .lingering)
        #expect(machine.deadline == at(105))
    }

    @Test func http10_keepsAliveOnlyWhenAsked_andSaysSo() throws {
        var asked = machine(after: "GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(try #require(head(asked.startResponse(.head(status: 200, headers: [:], length: 1, date: "D"), now: at(102)))).text
            .contains("Connection: keep-alive\r\n"))
        var plain = machine(after: "GET /a HTTP/1.0\r\n\r\n")
        #expect(try #require(head(plain.startResponse(.head(status: 200, headers: [:], length: 1, date: "D"), now: at(102)))).text
            .contains("Connection: close\r\n"))
    }

    @Test func interimHeads_goAtOnceWhileTheAnswerIsAwaited_toHTTP11ClientsOnly() {
        let hint = Array("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n".utf8)
        var new = machine(after: "GET /a HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(new.interim(hint) == [.write(hint)])
        #expect(new.interim(hint) == [.write(hint)])
        _ = new.startResponse(.head(status: 200, headers: [:], length: 2, date: "D"), now: at(102))
        #expect(new.interim(hint).isEmpty, "nothing once the response has started")
        let old = machine(after: "GET /a HTTP/1.0\r\n\r\n")
        #expect(old.interim(hint).isEmpty)
        #expect(Machine.test().interim(hint).isEmpty, "nothing without a request")
    }

    @Test func bodyOfUnknownLength_isChunkedInHTTP11_andEndsWithTheConnectionInHTTP10() throws {
        var new = machine(after: "GET /a HTTP/1.1\r\nHost: t\r\n\r\n")
        let (text, chunked) = try #require(head(new.startResponse(.head(status: 200, headers: [:], length: nil, date: "D"), now: at(102))))
        #expect(chunked)
        #expect(text.contains("Transfer-Encoding: chunked\r\n"))
        #expect(!text.contains("Connection:"))
        var old = machine(after: "GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        let (oldText, oldChunked) = try #require(head(old.startResponse(.head(status: 200, headers: [:], length: nil, date: "D"), now: at(102))))
        #expect(!oldChunked)
        #expect(!oldText.contains("Content-Length") && !oldText.contains("Transfer-Encoding"))
        #expect(oldText.contains("Connection: close\r\n"))
    }

    @Test func noContentAndNotModified_announceNoBody() throws {
        for status in [204, 304] {
            var machine = machine(after: "GET /a HTTP/1.1\r\nHost: t\r\n\r\n")
            let (text, _) = try #require(head(machine.startResponse(.head(status: status, headers: [:], length: 0, date: "D"), now: at(102))))
            #expect(!text.contains("Content-Length") && !text.contains("Transfer-Encoding"))
        }
    }

    /// A handler's (or an upstream's) `Content-Length` on a 304 is the cached representation's
    /// length and goes out; on a 204 it is refused by RFC 9110 §8.6 and dropped.
    @Test func aGivenContentLength_staysOnA304_andLeavesA204() throws {
        var notModified = machine(after: "GET /a HTTP/1.1\r\nHost: t\r\n\r\n")
        let (kept, _) = try #require(head(notModified.startResponse(
            .head(status: 304, headers: ["ETag": "\"v1\"", "Content-Length": "5"], length: 0, date: "D"), now: at(102))))
        #expect(kept.contains("Content-Length: 5\r\n"))
        var noContent = machine(after: "GET /a HTTP/1.1\r\nHost: t\r\n\r\n")
        let (dropped, _) = try #require(head(noContent.startResponse(
            .head(status: 204, headers: ["Content-Length": "5", "X-Kept": "yes"], length: 0, date: "D"), now: at(102))))
        #expect(!dropped.contains("Content-Length"))
        #expect(dropped.contains("X-Kept: yes\r\n"))
    }

    @Test func upstreamDateAndServer_areKept() throws {
        var machine = machine(after: "GET /a HTTP/1.1\r\nHost: t\r\n\r\n")
        let start = machine.startResponse(.head(status: 200, headers: ["Date": "then", "Server": "nginx"], length: 0, date: "now"), now: at(102))
        let (text, _) = try #require(head(start))
        #expect(text.contains("Date: then\r\n") && text.contains("Server: nginx\r\n"))
        #expect(!text.contains("now"))
    }

    @Test func resetAndCloseFaults_sendNothing_andEndTheConnection() {
        var reset = machine(after: "GET /a HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(reset.startResponse(.reset, now: at(102)) == [.journal(aborted: false), .reset, .close])
        var close = machine(after: "GET /a HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(close.startResponse(.close, now: at(102)) == [.journal(aborted: false), .shutDownWriting])
        #expect(close.deadline == at(104))
    }

    @Test func malformedFault_sendsItsBytes_thenCloses() {
        var machine = machine(after: "GET /a HTTP/1.1\r\nHost: t\r\n\r\n")
        #expect(machine.startResponse(.malformed([1, 2]), now: at(102)) == [.sendHead([1, 2], chunked: false)])
        #expect(machine.responseEnded(.complete, now: at(102)) == [.journal(aborted: false), .shutDownWriting])
    }

    @Test func cuts_closeResetOrStall() {
        var close = machine(after: "GET /a HTTP/1.1\r\nHost: t\r\n\r\n")
        _ = close.startResponse(.head(status: 200, headers: [:], length: 9, date: "D"), now: at(102))
        #expect(close.responseEnded(.cut(.close), now: at(102)) == [.journal(aborted: false), .shutDownWriting])
        var reset = machine(after: "GET /a HTTP/1.1\r\nHost: t\r\n\r\n")
        _ = reset.startResponse(.head(status: 200, headers: [:], length: 9, date: "D"), now: at(102))
        #expect(reset.responseEnded(.cut(.reset), now: at(102)) == [.journal(aborted: false), .reset, .close])
        var stall = machine(after: "GET /a HTTP/1.1\r\nHost: t\r\n\r\n")
        _ = stall.startResponse(.head(status: 200, headers: [:], length: 9, date: "D"), now: at(102))
        #expect(stall.responseEnded(.cut(.stall), now: at(102)) == [])
        #expect(stall.phase == .stalled)
        #expect(stall.deadline == nil)
        // The stalled exchange is journalled when the client leaves.
        #expect(stall.endOfInput() == [.journal(aborted: true), .close])
    }

    @Test func aResponseStartsOnlyOnce() {
        var machine = machine(after: "GET /a HTTP/1.1\r\nHost: t\r\n\r\n")
        _ = machine.startResponse(.head(status: 200, headers: [:], length: 9, date: "D"), now: at(102))
        #expect(machine.startResponse(.reset, now: at(102)) == [])
        #expect(machine.phase == .writing)
    }
}

import NetworkCore
import Testing
@testable import MockServer

/// A request body that streams to a proxy's upstream: dispatched at its head, framed and
/// handed on piece by piece, and ended by the client, the limit, a stall or an early answer.
@Suite struct ExchangeMachineStreamTests {
    private typealias Machine = ExchangeMachine
    private let at = ExchangeMachine.at

    /// A machine whose every request streams its body, with at most `limit` bytes.
    private static func streaming(limit: Int64 = .max) -> Machine {
        ExchangeMachine(
            limits: .init(maxRequestBody: 10, idleTimeout: .seconds(60)), collectsBody: { _ in false },
            streamsBody: { _ in limit }, now: Machine.at(100)
        )
    }

    private static func pieces(_ actions: [ExchangeAction]) -> String {
        var text = ""
        for case .streamBody(let bytes) in actions { text += String(decoding: bytes, as: UTF8.self) }
        return text
    }

    @Test func contentLengthBody_isDispatchedAtItsHead_thenHandedOnInPieces_pastTheServersOwnLimit() throws {
        var machine = Self.streaming()
        let start = machine.feed("POST /u HTTP/1.1\r\nHost: t\r\nContent-Length: 16\r\n\r\n0123", at: 101, allowance: 3)
        let request = try #require(Machine.dispatched(start))
        #expect(request.streamsBody)
        #expect(request.bodyLength == 16)
        #expect(request.body.isEmpty)
        #expect(machine.phase == .waiting)
        // The allowance (pacing, the stream's room) bounds each piece.
        #expect(Self.pieces(start) == "0123")
        #expect(start.filter { if case .streamBody = $0 { true } else { false } }.count == 2)
        #expect(machine.readLimit == .max)
        let rest = machine.feed("456789abcdefGET /next", at: 102)
        #expect(Self.pieces(rest) == "456789abcdef")
        #expect(rest.suffix(2) == [.uploadEnded, .streamEnded(.complete)])
        #expect(!machine.streaming)
        // What follows waits for the answer, in the buffer.
        #expect(machine.readLimit == nil)
        #expect(machine.input == Array("GET /next".utf8))
    }

    @Test func chunkedBody_isHandedOnDecoded_withoutItsFramingOrTrailers() throws {
        var machine = Self.streaming()
        let start = machine.feed("POST /u HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", at: 101)
        let request = try #require(Machine.dispatched(start))
        #expect(request.streamsBody)
        #expect(request.bodyLength == nil)
        #expect(Self.pieces(start) == "hello")
        let end = machine.feed("6\r\n world\r\n0\r\nX-Sum: 1\r\n\r\n", at: 102)
        #expect(Self.pieces(end) == " world")
        #expect(end.last == .streamEnded(.complete))
    }

    @Test func expectContinue_waitsForTheFirstDemand_andIsSentOnce() throws {
        var machine = Self.streaming()
        let start = machine.feed("PUT /u HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n", at: 101)
        #expect(!start.contains(.write(Machine.continueHead)))
        #expect(Machine.dispatched(start) != nil)
        #expect(machine.bodyDemanded() == [.write(Machine.continueHead)])
        #expect(machine.bodyDemanded() == [])
    }

    @Test func expectContinue_isNotSent_onceTheBodyStartedAnyway() {
        var machine = Self.streaming()
        _ = machine.feed("PUT /u HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\nab", at: 101)
        #expect(machine.bodyDemanded() == [])
    }

    @Test func anEarlyAnswer_closesTheConnection_andAbandonsTheRestOfTheBody() {
        var machine = Self.streaming()
        _ = machine.feed("POST /u HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\nabc", at: 101)
        let (head, end) = machine.answer(length: 2, at: 102)
        #expect(head.contains("Connection: close\r\n"))
        #expect(end == [.uploadEnded, .streamEnded(.abandoned), .journal(aborted: false), .shutDownWriting])
        #expect(machine.phase == .lingering)
    }

    @Test func aClientLeavingMidBody_failsTheStream_andJournalsTheExchangeAsAborted() {
        var machine = Self.streaming()
        _ = machine.feed("POST /u HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\nabcdef", at: 101)
        #expect(machine.endOfInput() == [
            .uploadEnded, .streamEnded(.failed("the client closed the connection after 6 bytes of the request body")),
            .journal(aborted: true), .close,
        ])
    }

    @Test func aLengthOverTheStreamsLimit_is413_beforeAnythingIsDispatched() throws {
        var machine = Self.streaming(limit: 100)
        let actions = machine.feed("POST /u HTTP/1.1\r\nHost: t\r\nContent-Length: 101\r\n\r\n", at: 101)
        #expect(Machine.dispatched(actions) == nil)
        #expect(Machine.rejected(actions)?.status == 413)
    }

    @Test func aChunkedBodyGrowingOverTheLimit_is413_whileNothingIsAnswered_andCutUnderAnAnswer() throws {
        var waiting = Self.streaming(limit: 4)
        let refused = waiting.feed("POST /u HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", at: 101)
        #expect(refused.contains(.streamEnded(.failed("request body is over the limit of 4 bytes"))))
        #expect(Machine.rejected(refused)?.status == 413)

        var writing = Self.streaming(limit: 4)
        _ = writing.feed("POST /u HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n", at: 101)
        _ = writing.startResponse(.head(status: 200, headers: [:], length: 1, date: "D"), now: at(102))
        let cut = writing.feed("5\r\nhello\r\n", at: 103)
        #expect(Machine.rejected(cut) == nil)
        #expect(cut.suffix(2) == [.journal(aborted: true), .close])
    }

    @Test func aStalledBody_is408AtTheIdleTimeout_countedFromItsLastByte() throws {
        var machine = Self.streaming()
        _ = machine.feed("POST /u HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n", at: 101)
        _ = machine.feed("ab", at: 130)
        #expect(machine.deadline == at(190))
        #expect(machine.timerFired(now: at(189.9)) == [])
        let actions = machine.timerFired(now: at(190))
        #expect(actions.contains(.streamEnded(.failed("the request body stalled for 60.0 seconds"))))
        #expect(Machine.rejected(actions)?.status == 408)
    }

    @Test func aBodyHeldBackByItsHandler_isNotStalled_itsIdleTimeoutStartsAgain() throws {
        var machine = Self.streaming()
        _ = machine.feed("POST /u HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n", at: 101)
        _ = machine.feed("ab", at: 130)
        #expect(machine.timerFired(now: at(190), heldBack: true) == [])
        #expect(machine.deadline == at(250))
        #expect(machine.timerFired(now: at(249), heldBack: false) == [])
        let actions = machine.timerFired(now: at(250), heldBack: false)
        #expect(Machine.rejected(actions)?.status == 408)
    }

    @Test func heldBack_changesNothing_forABodyThatIsNotStreamed() throws {
        var machine = ExchangeMachine(limits: .init(maxRequestBody: 10, idleTimeout: .seconds(60)), collectsBody: { _ in true }, now: Machine.at(100))
        _ = machine.feed("POST /u HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n", at: 101)
        _ = machine.feed("ab", at: 130)
        #expect(Machine.rejected(machine.timerFired(now: at(190), heldBack: true))?.status == 408)
    }
}

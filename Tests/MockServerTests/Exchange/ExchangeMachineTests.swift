import NetworkCore
import Testing
@testable import MockServer

/// Shared by the exchange machine's suites: literal instants and byte strings in, actions out.
extension ExchangeMachine {
    static func at(_ seconds: Double) -> Instant { Instant(seconds: seconds) }

    /// A machine with small limits, opened at 100 s.
    static func test(
        _ limits: MockServer.Limits = .init(maxHeaderBytes: 1024, maxHeaderCount: 20, maxRequestBody: 1000, idleTimeout: .seconds(60), headerTimeout: .seconds(10)),
        collectsBody: Bool = true
    ) -> ExchangeMachine {
        ExchangeMachine(limits: limits, collectsBody: { _ in collectsBody }, now: at(100))
    }

    /// Receives `text` at `seconds` and advances as far as it can, as the driver does.
    mutating func feed(_ text: String, at seconds: Double, allowance: Int = .max) -> [ExchangeAction] {
        Array(text.utf8).withUnsafeBytes { receive($0, now: Self.at(seconds)) }
        var actions: [ExchangeAction] = []
        while true {
            let more = advance(now: Self.at(seconds), uploadAllowance: allowance)
            if more.isEmpty { return actions }
            actions += more
        }
    }

    /// The request dispatched by `actions`, if one was.
    static func dispatched(_ actions: [ExchangeAction]) -> ExchangeRequest? {
        for case .dispatch(let request) in actions { return request }
        return nil
    }

    /// The refusal in `actions`, if any.
    static func rejected(_ actions: [ExchangeAction]) -> ExchangeRejection? {
        for case .reject(let rejection) in actions { return rejection }
        return nil
    }

    /// Answers the request in flight with a 200 of `length` bytes and ends it, at `seconds`.
    mutating func answer(length: Int64? = 5, at seconds: Double) -> (head: String, end: [ExchangeAction]) {
        let start = startResponse(.head(status: 200, headers: [:], length: length, date: "D"), now: Self.at(seconds))
        guard case .sendHead(let bytes, _)? = start.first else { return ("", []) }
        return (String(decoding: bytes, as: UTF8.self), responseEnded(.complete, now: Self.at(seconds)))
    }
}

@Suite struct ExchangeMachineTests {
    private let get = "GET /a HTTP/1.1\r\nHost: t\r\n\r\n"

    @Test func newConnection_readsAndTimesOutAtTheIdleTimeout() {
        let machine = ExchangeMachine.test()
        #expect(machine.phase == .idle)
        #expect(machine.readLimit == .max)
        #expect(machine.deadline == ExchangeMachine.at(160))
    }

    @Test func whileAnAnswerIsDue_nothingIsRead_soPipelinedRequestsWaitInTheSocket() {
        var machine = ExchangeMachine.test()
        _ = machine.feed(get, at: 101)
        #expect(machine.phase == .waiting)
        #expect(machine.readLimit == nil)
        _ = machine.startResponse(.head(status: 200, headers: [:], length: 1, date: "D"), now: ExchangeMachine.at(101))
        #expect(machine.phase == .writing)
        #expect(machine.readLimit == nil)
    }

    @Test func clientLeavingIdle_closesWithoutAJournalEntry() {
        var machine = ExchangeMachine.test()
        #expect(machine.endOfInput() == [.close])
        #expect(machine.phase == .closed)
        #expect(machine.close() == [])
    }

    @Test func clientHalfClosingAfterItsRequest_stillGetsTheAnswer() {
        var machine = ExchangeMachine.test()
        _ = machine.feed(get, at: 101)
        #expect(machine.endOfInput() == [])
        #expect(machine.phase == .waiting)
    }

    @Test func clientLeavingMidBody_abandonsTheRequest() {
        var machine = ExchangeMachine.test()
        _ = machine.feed("POST /a HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc", at: 101)
        #expect(machine.endOfInput() == [.uploadEnded, .close])
    }

    @Test func closingWithAnExchangeInFlight_journalsItAsAborted() {
        var machine = ExchangeMachine.test()
        _ = machine.feed(get, at: 101)
        #expect(machine.close() == [.journal(aborted: true), .close])
    }

    @Test func serverClosing_closesIdleConnections_atOnce() {
        var machine = ExchangeMachine.test()
        #expect(machine.serverClosing(clientLeft: false) == [.close])
    }

    @Test func serverClosing_dropsARequestWhoseClientLeft() {
        var machine = ExchangeMachine.test()
        _ = machine.feed(get, at: 101)
        #expect(machine.serverClosing(clientLeft: true) == [.journal(aborted: true), .close])
    }

    @Test func serverClosing_dropsAResponseUnderWayWhoseClientLeft() {
        var machine = ExchangeMachine.test()
        _ = machine.feed(get, at: 101)
        _ = machine.startResponse(.head(status: 200, headers: [:], length: nil, date: "D"), now: ExchangeMachine.at(102))
        #expect(machine.phase == .writing)
        #expect(machine.serverClosing(clientLeft: true) == [.journal(aborted: true), .close])
    }

    @Test func serverClosing_answersWhatIsInFlight_thenCloses() {
        var machine = ExchangeMachine.test()
        _ = machine.feed(get, at: 101)
        #expect(machine.serverClosing(clientLeft: false) == [])
        let (head, end) = machine.answer(at: 102)
        #expect(head.contains("Connection: close\r\n"))
        #expect(end == [.journal(aborted: false), .shutDownWriting])
        #expect(machine.phase == .lingering)
    }

    @Test func serverClosing_stillAnswersARequestAlreadyInTheBuffer_withClose() {
        var machine = ExchangeMachine.test()
        Array("GET /a HT".utf8).withUnsafeBytes { machine.receive($0, now: ExchangeMachine.at(101)) }
        #expect(machine.serverClosing(clientLeft: false) == [])
        let actions = machine.feed("TP/1.1\r\nHost: t\r\n\r\n", at: 101)
        #expect(ExchangeMachine.dispatched(actions) != nil)
        #expect(machine.answer(at: 102).head.contains("Connection: close\r\n"))
    }

    @Test func bytesWhileLingering_areDropped_andTheClientsCloseEndsIt() {
        var machine = ExchangeMachine.test()
        _ = machine.feed("GET /a HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", at: 101)
        _ = machine.answer(at: 101)
        #expect(machine.phase == .lingering)
        _ = machine.feed("GET /b HTTP/1.1\r\nHost: t\r\n\r\n", at: 101.5)
        #expect(machine.input.isEmpty)
        #expect(machine.endOfInput() == [.close])
    }

    @Test func activity_restartsTheIdleTimeout() {
        var machine = ExchangeMachine.test()
        _ = machine.feed("POST /a HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n", at: 101)
        #expect(machine.deadline == ExchangeMachine.at(161))
        _ = machine.feed("abc", at: 130)
        #expect(machine.deadline == ExchangeMachine.at(190))
    }
}

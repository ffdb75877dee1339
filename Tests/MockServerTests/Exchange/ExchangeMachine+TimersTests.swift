import NetworkCore
import Testing
@testable import MockServer

@Suite struct ExchangeMachineTimersTests {
    private typealias Machine = ExchangeMachine
    private let at = ExchangeMachine.at

    @Test func idleTimeout_firesAtItsInstant_notBefore() {
        var machine = Machine.test()
        #expect(machine.timerFired(now: at(159.999)) == [])
        #expect(machine.phase == .idle)
        #expect(machine.timerFired(now: at(160)) == [.close])
    }

    @Test func idleTimeout_afterAResponse_countsFromItsEnd() {
        var machine = Machine.test()
        _ = machine.feed("GET /a HTTP/1.1\r\nHost: t\r\n\r\n", at: 150)
        _ = machine.answer(at: 170)
        #expect(machine.timerFired(now: at(229.5)) == [])
        #expect(machine.timerFired(now: at(230)) == [.close])
    }

    @Test func headerTimeout_countsFromTheHeadsFirstByte_andIs408() throws {
        var machine = Machine.test()
        _ = machine.feed("GET /a HTTP/1.1\r\n", at: 101)
        #expect(machine.deadline == at(111))
        // More header lines keep the client from looking idle, not the head from timing out.
        _ = machine.feed("X-A: 1\r\n", at: 110)
        #expect(machine.deadline == at(111))
        #expect(machine.timerFired(now: at(110.9)) == [])
        let rejection = try #require(Machine.rejected(machine.timerFired(now: at(111))))
        #expect(rejection.status == 408)
        #expect(rejection.message == "the request head was not complete within 10.0 seconds")
        #expect(rejection.head == nil)
    }

    @Test func stalledBody_is408AtTheIdleTimeout_withItsHead() throws {
        var machine = Machine.test()
        _ = machine.feed("POST /u HTTP/1.1\r\nHost: t\r\nContent-Length: 9\r\n\r\nab", at: 101)
        #expect(machine.timerFired(now: at(160.5)) == [])
        let actions = machine.timerFired(now: at(161))
        #expect(actions.first == .uploadEnded)
        let rejection = try #require(Machine.rejected(actions))
        #expect(rejection.status == 408)
        #expect(rejection.message == "the request body stalled for 60.0 seconds")
        #expect(rejection.head?.target == "/u")
        #expect(rejection.headAt == at(101))
    }

    @Test func noTimeoutRuns_whileAnAnswerIsDue() {
        var machine = Machine.test()
        _ = machine.feed("GET /a HTTP/1.1\r\nHost: t\r\n\r\n", at: 101)
        #expect(machine.deadline == nil)
        #expect(machine.timerFired(now: at(1_000)) == [])
    }

    @Test func linger_endsTwoSecondsAfterTheShutdown() {
        var machine = Machine.test()
        _ = machine.feed("GET /a HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", at: 101)
        _ = machine.answer(at: 103)
        #expect(machine.timerFired(now: at(104.9)) == [])
        #expect(machine.timerFired(now: at(105)) == [.close])
    }
}

import NetworkCore
import Testing
@testable import MockServer

@Suite struct ExchangeStartTests {
    private let head = HTTPRequestHead(method: .get, target: "/bytes/10?latency=x", headers: ["Host": "t"])

    @Test func refusal_isATextAnswer_journalledAsRejected() throws {
        let state = ServerState(.init())
        let exchange = Exchange.refusing(
            ExchangeRejection(status: 413, message: "too big", head: head, headAt: Instant(seconds: 5)), earlier: nil, state: state, now: Instant(seconds: 6)
        )
        #expect(exchange.outcome == .rejected && exchange.error == "too big")
        #expect(exchange.receivedAt == Instant(seconds: 5))
        let plan = try #require(exchange.plan)
        #expect(plan.status == 413 && (plan.body as? BytesBody)?.bytes == Array("too big\n".utf8))
        let start = try #require(exchange.responseStart(date: "D"))
        #expect(start == .head(status: 413, headers: ["Content-Type": "text/plain; charset=utf-8"], length: 8, date: "D"))
        #expect(exchange.status == 413)
    }

    @Test func refusalAfterNumbering_keepsTheRequestsNumberAndStart() {
        let state = ServerState(.init())
        let earlier = Exchange(journalID: 41, head: head, receivedAt: Instant(seconds: 2), seed: 0)
        let exchange = Exchange.refusing(ExchangeRejection(status: 400, message: "bad", head: head, headAt: nil), earlier: earlier, state: state, now: Instant(seconds: 3))
        #expect(exchange.journalID == 41)
        #expect(exchange.receivedAt == Instant(seconds: 2))
    }

    @Test func refusalOfHEAD_announcesItsBodyAndSendsNone() {
        let state = ServerState(.init())
        let headRequest = HTTPRequestHead(method: .head, target: "/", headers: ["Host": "t"])
        let exchange = Exchange.refusing(ExchangeRejection(status: 400, message: "bad", head: headRequest, headAt: nil), earlier: nil, state: state, now: Instant(seconds: 1))
        #expect(exchange.plan?.omitBody == true)
    }

    @Test func connectionFaults_startNoResponse_andAreJournalledAsFaults() {
        for (immediate, start) in [(Exchange.Immediate.reset, ExchangeMachine.ResponseStart.reset), (.close, .close)] {
            let exchange = Exchange(journalID: 1, head: head, receivedAt: Instant(seconds: 1), seed: 0)
            exchange.plan = ResponsePlan(status: 200)
            exchange.immediate = immediate
            #expect(exchange.responseStart(date: "D") == start)
            #expect(exchange.outcome == .fault)
        }
        let malformed = Exchange(journalID: 1, head: head, receivedAt: Instant(seconds: 1), seed: 0)
        malformed.plan = ResponsePlan(status: 200)
        malformed.immediate = .malformed
        #expect(malformed.responseStart(date: "D") == .malformed(Fault.malformedResponse))
        #expect(malformed.plan?.omitBody == true)
    }

    @Test func noPlanYet_startsNothing() {
        #expect(Exchange(journalID: 1, head: head, receivedAt: Instant(seconds: 1), seed: 0).responseStart(date: "D") == nil)
    }
}

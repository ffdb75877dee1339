import NetworkCore
import Testing
@testable import MockServer

@Suite struct ExchangeFaultsTests {
    private func exchange(method: RequestMethod = .get, body: Int = 100) -> Exchange {
        let exchange = Exchange(
            journalID: 1, head: HTTPRequestHead(method: method, target: "/bytes/\(body)", headers: ["Host": "t"]),
            receivedAt: Instant(seconds: 1), seed: 7
        )
        var plan = ResponsePlan(status: 200, body: PayloadBody(seed: 7, length: Int64(body)))
        plan.omitBody = method == .head
        exchange.plan = plan
        return exchange
    }

    @Test func statusFault_replacesTheResponse_withItsRetryAfter() throws {
        let exchange = exchange()
        exchange.apply(FaultRule(.status(503), retryAfter: 2))
        let plan = try #require(exchange.plan)
        #expect(plan.status == 503)
        #expect(plan.headers["Retry-After"] == "2")
        #expect((plan.body as? BytesBody)?.bytes == Array("503 Service Unavailable (injected by fault status:503)\n".utf8))
        #expect(exchange.immediate == .none)
    }

    @Test func statusFault_onHEAD_stillSendsNoBody() {
        let exchange = exchange(method: .head)
        exchange.apply(FaultRule(.status(500)))
        #expect(exchange.plan?.omitBody == true)
    }

    @Test func connectionFaults_replaceTheWholeResponse() {
        for (fault, immediate) in [(Fault.reset, Exchange.Immediate.reset), (.close, .close), (.malformed, .malformed)] {
            let exchange = exchange()
            exchange.apply(FaultRule(fault))
            #expect(exchange.immediate == immediate)
        }
    }

    @Test func cutInsideTheBody_isAStage_andOnePastItsEnd_changesNothing() {
        let inside = exchange(body: 100)
        inside.fault = FaultRule(.truncateAfter(bytes: 99))
        inside.apply(FaultRule(.truncateAfter(bytes: 99)))
        #expect(inside.cut == CutStage(.truncateAfter(bytes: 99), length: 100))
        #expect(inside.fault != nil)
        let past = exchange(body: 100)
        past.fault = FaultRule(.resetAfter(bytes: 100))
        past.apply(FaultRule(.resetAfter(bytes: 100)))
        #expect(past.cut == nil)
        #expect(past.fault == nil, "the journal must not say a fault fired that changed nothing")
        let head = exchange(method: .head, body: 100)
        head.fault = FaultRule(.stallAfter(bytes: 10))
        head.apply(FaultRule(.stallAfter(bytes: 10)))
        #expect(head.cut == nil)
    }

    @Test func corruptionAndSlicing_areStagesOnTheBody() {
        let corrupt = exchange()
        corrupt.apply(FaultRule(.corrupt(count: 3)))
        #expect(corrupt.corruption?.positions.count == 3)
        let sliced = exchange()
        sliced.apply(FaultRule(.slice(bytes: 10, delay: .milliseconds(5))))
        #expect(sliced.slicing == SliceStage(bytes: 10, delay: .milliseconds(5)))
    }
}

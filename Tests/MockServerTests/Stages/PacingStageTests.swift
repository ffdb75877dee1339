import NetworkCore
import Testing
@testable import MockServer

@Suite struct PacingStageTests {
    private func at(_ seconds: Double) -> Instant { Instant(seconds: seconds) }

    @Test func pacedBody_waitsForAChunkOfCredit_sendsIt_thenWaitsAgain() {
        let scheduler = FairShareScheduler(linkBandwidth: nil)
        let flow = scheduler.addFlow(cap: 100_000, at: at(0))
        _ = scheduler.settle()
        guard case .waitUntil(let first) = PacingStage.allowance(scheduler, flow: flow, budget: 1_000_000, at: at(0)) else {
            Issue.record("a new flow sent before it had credit")
            return
        }
        #expect(first > at(0) && first < at(1))
        guard case .upTo(let bytes) = PacingStage.allowance(scheduler, flow: flow, budget: 1_000_000, at: first) else {
            Issue.record("the flow still waited at its deadline")
            return
        }
        #expect(bytes > 0 && bytes < 100_000)
        scheduler.consume(flow, bytes: Int(bytes), at: first)
        guard case .waitUntil(let next) = PacingStage.allowance(scheduler, flow: flow, budget: 1_000_000, at: first) else {
            Issue.record("a flow without credit did not wait")
            return
        }
        #expect(next > first)
    }

    @Test func budget_limitsWhatPacingAllows() {
        let scheduler = FairShareScheduler(linkBandwidth: nil)
        let flow = scheduler.addFlow(cap: 100_000, at: at(0))
        _ = scheduler.settle()
        #expect(PacingStage.allowance(scheduler, flow: flow, budget: 10, at: at(1)) == .upTo(10))
    }
}

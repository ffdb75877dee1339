import NetworkCore
import Testing
@testable import MockServer

@Suite struct AllowanceTests {
    @Test func then_takesTheSmallerLimit() {
        #expect(Allowance.upTo(100).then { .upTo(min($0, 40)) } == .upTo(40))
        #expect(Allowance.upTo(30).then { .upTo(min($0, 40)) } == .upTo(30))
    }

    @Test func then_stopsAtAWait_withoutConsultingTheNextStage() {
        let wait = Allowance.waitUntil(Instant(seconds: 2))
        #expect(wait.then { _ in Issue.record("consulted"); return .upTo(1) } == wait)
        #expect(Allowance.upTo(0).then { _ in Issue.record("consulted"); return .upTo(1) } == .upTo(0))
    }
}

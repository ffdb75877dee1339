import Testing
@testable import MockServer

@Suite struct TransferPlanTests {
    @Test func sequential_usesOneKeepAliveConnection() {
        let plan = TransferPlan.sequential(count: 3, size: 10)
        #expect(plan.concurrency == 1)
        #expect(plan.downloads.map(\.newConnection) == [true, false, false])
    }

    @Test func concurrent_opensAConnectionPerDownload_withNoLimit() {
        let plan = TransferPlan.concurrent(count: 3, size: 10)
        #expect(plan.concurrency == nil)
        #expect(plan.downloads.allSatisfy { $0.newConnection && $0.startAt == 0 && $0.size == 10 })
    }

    @Test func bounded_opensOneConnectionPerSlot() {
        let plan = TransferPlan.bounded(count: 5, size: 10, concurrency: 2)
        #expect(plan.concurrency == 2)
        #expect(plan.downloads.map(\.newConnection) == [true, true, false, false, false])
    }
}

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

    /// A count with a few zeros too many builds no downloads (it would take more memory than
    /// the machine has) and the model refuses the plan, naming the count; negative counts
    /// are empty plans, as documented.
    @Test func countsPastTheMaximum_areRefusedByTheModel_notBuilt() throws {
        for plan in [TransferPlan.concurrent(count: .max, size: 10), .sequential(count: 1_000_001, size: 10), .bounded(count: .max, size: 1, concurrency: 4)] {
            #expect(plan.downloads.isEmpty)
            #expect(throws: LinkParameterError.outOfRange(parameter: "count", value: "\(plan == .sequential(count: 1_000_001, size: 10) ? 1_000_001 : Int.max)", bound: "at most 1000000 downloads")) {
                try LinkModel.predict(plan, on: LinkProfile())
            }
        }
        #expect(TransferPlan.concurrent(count: TransferPlan.maximumCount, size: 1).downloads.count == 1_000_000)
        #expect(try LinkModel.predict(.concurrent(count: -5, size: 10), on: LinkProfile()).downloads.isEmpty)
        #expect(TransferPlan.bounded(count: 3, size: 1, concurrency: 0).concurrency == 1)
    }
}

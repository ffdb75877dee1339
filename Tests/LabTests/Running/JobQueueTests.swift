import Testing
@testable import Lab

@Suite struct JobQueueTests {
    @Test func take_handsOutEachJobOnce_thenNil() {
        let queue = JobQueue(count: 3)
        #expect([queue.take(), queue.take(), queue.take(), queue.take()] == [0, 1, 2, nil])
    }
}

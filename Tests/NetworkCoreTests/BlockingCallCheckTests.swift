import Testing
import TestSupport

/// The check that the test clients call before they block: it flags the cooperative pool and
/// nothing else, so that a test blocking the pool fails and one that does not never does.
@Suite struct BlockingCallCheckTests {
    @Test func aBlockingCallOnThePool_failsTheTest() async {
        #expect(BlockingCallCheck.onThePool)
        withKnownIssue {
            BlockingCallCheck.offThePool("a socket read")
        } matching: { issue in
            "\(issue)".contains("a socket read blocks a thread of the cooperative pool")
        }
    }

    @Test func theSameCallOnAThreadOfItsOwn_passes() async throws {
        #expect(try await blocking { BlockingCallCheck.onThePool } == false)
        try await blocking { BlockingCallCheck.offThePool("a socket read") }
    }

    @Test func aTaskOnAThreadExecutor_isOffThePool() async {
        let executor = ThreadExecutor(name: "check")
        defer { executor.shutdown() }
        #expect(await Task(executorPreference: executor) { BlockingCallCheck.onThePool }.value == false)
    }
}

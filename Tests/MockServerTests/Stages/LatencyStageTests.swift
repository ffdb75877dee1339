import Testing
@testable import MockServer

@Suite struct LatencyStageTests {
    @Test func delay_isTheSameForTheSameRequest_andPaysConnectLatencyFirst() {
        let link = LinkProfile(latency: .milliseconds(100), connectLatency: .milliseconds(30), jitter: .uniform(.milliseconds(50)))
        let first = LatencyStage.delay(link: link, seed: 1, method: "GET", target: "/a", ordinal: 1, firstOnConnection: true)
        let again = LatencyStage.delay(link: link, seed: 1, method: "GET", target: "/a", ordinal: 1, firstOnConnection: true)
        let reused = LatencyStage.delay(link: link, seed: 1, method: "GET", target: "/a", ordinal: 1, firstOnConnection: false)
        #expect(first == again)
        #expect(first - reused == .milliseconds(30))
        #expect(reused >= .milliseconds(50) && reused <= .milliseconds(150))
    }
}

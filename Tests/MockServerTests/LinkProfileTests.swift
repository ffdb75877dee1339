import Testing
import NetworkCore
@testable import MockServer

@Suite struct LinkProfileTests {
    @Test func unlimited_hasNoDelayAndNoCaps() {
        let link = LinkProfile.unlimited
        #expect(link.latency == .zero && link.connectLatency == .zero && link.jitter == .none)
        #expect(link.bandwidth == nil && link.linkBandwidth == nil)
        #expect(link.uploadBandwidth == nil && link.uploadLinkBandwidth == nil)
    }

    @Test func responseDelay_addsConnectLatency_onlyOnFirstRequestOfConnection() {
        let link = LinkProfile(latency: .milliseconds(100), connectLatency: .milliseconds(30))
        let draw = DeterministicDraw(seed: 1, key: "r")
        #expect(link.responseDelay(draw: draw, firstOnConnection: true) == .milliseconds(130))
        #expect(link.responseDelay(draw: draw, firstOnConnection: false) == .milliseconds(100))
        #expect(link.expectedResponseDelay(firstOnConnection: true) == .milliseconds(130))
    }

    @Test func responseDelay_isNeverNegative_andRepeatsForTheSameDraw() {
        let link = LinkProfile(latency: .milliseconds(5), jitter: .normal(sigma: .milliseconds(50)))
        let delays = (0..<1000).map {
            link.responseDelay(draw: DeterministicDraw(seed: 9, key: "#\($0)"), firstOnConnection: false)
        }
        #expect(delays.allSatisfy { $0 >= .zero })
        #expect(delays.contains(.zero))
        let again = link.responseDelay(draw: DeterministicDraw(seed: 9, key: "#0"), firstOnConnection: false)
        #expect(again == delays[0])
    }

    @Test func expectedResponseDelay_includesClippedJitterMean() {
        let link = LinkProfile(latency: .milliseconds(10), jitter: .uniform(.milliseconds(20)))
        #expect(abs(link.expectedResponseDelay(firstOnConnection: false).seconds - 0.01125) < 1e-12)
    }
}

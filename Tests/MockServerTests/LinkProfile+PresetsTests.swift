import Testing
@testable import MockServer

@Suite struct LinkProfilePresetsTests {
    @Test func presets_includeTheNamedLinks_onceEach() {
        let names = LinkProfile.presets.map(\.name)
        for name in ["3g", "slow-4g", "fast-4g", "edge", "gprs", "dsl", "wifi", "lte", "loopback", "article"] {
            #expect(names.contains(name), "missing \(name)")
        }
        #expect(Set(names).count == names.count)
        #expect(LinkProfile.presets.allSatisfy { !$0.summary.isEmpty })
        #expect(LinkProfile.preset(named: "56k") == nil)
    }

    @Test func devToolsPresets_matchChromeDevTools() {
        let threeG = LinkProfile.preset(named: "3g")
        #expect(threeG?.bandwidth?.bytesPerSecond == 50_000)
        #expect(threeG?.latency == .seconds(2))
        let slow = LinkProfile.preset(named: "slow-4g")
        #expect(slow?.bandwidth?.bytesPerSecond == 180_000)
        #expect(slow?.latency == .microseconds(562_500))
        let fast = LinkProfile.preset(named: "fast-4g")
        #expect(fast?.bandwidth?.bytesPerSecond == 1_012_500)
        #expect(fast?.latency == .milliseconds(165))
    }

    @Test func loopback_isUnlimited() {
        #expect(LinkProfile.preset(named: "loopback") == .unlimited)
    }

    @Test func article_hasTheDerivedNumbers() throws {
        let article = try #require(LinkProfile.preset(named: "article"))
        #expect(article.latency == .milliseconds(250))
        #expect(article.bandwidth?.bytesPerSecond == 11_084_313)
        #expect(article.linkBandwidth?.bytesPerSecond == 99_864_381)
        #expect(article.jitter == .none && article.connectLatency == .zero)
        // Back to the article's measurements of 10 x 10 MiB: 11.96 s one after another,
        // 1.30 s all at once, each starting with 250 ms to the first byte.
        let perConnection = Double(try #require(article.bandwidth?.bytesPerSecond))
        let shared = Double(try #require(article.linkBandwidth?.bytesPerSecond))
        let size = Double(10 << 20)
        #expect(abs(10 * (0.25 + size / perConnection) - 11.96) < 0.000_01)
        #expect(abs(0.25 + 10 * size / shared - 1.30) < 0.000_01)
        // Ten concurrent flows: the fair share of the link is below the per-connection cap.
        #expect(shared / 10 < perConnection)
    }
}

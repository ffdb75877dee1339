import Testing
import NetworkCore
@testable import MockServer

@Suite struct RelaySettingsTests {
    private func at(_ seconds: Double) -> Instant { Instant(seconds: seconds) }

    @Test func toxicsOfOneKindCombineLikeAChain() {
        let settings = RelaySettings([
            (.latency(.milliseconds(10)), at(0), 0), (.latency(.milliseconds(20)), at(0), 0),
            (.bandwidth(.kilobytesPerSecond(100)), at(0), 0), (.bandwidth(.kilobytesPerSecond(50)), at(0), 0),
            (.limitData(bytes: 100), at(0), 0), (.resetAfter(bytes: 50), at(0), 0),
            (.resetPeer(after: .seconds(2)), at(1), 0), (.resetPeer(after: .seconds(5)), at(0), 0),
        ])
        #expect(settings.latency == .milliseconds(30))
        #expect(settings.cap == 50_000)
        #expect(settings.cut == RelaySettings.Cut(offset: 50, then: .reset))
        #expect(settings.resetAt == at(3))
        #expect(!settings.isPassThrough)
    }

    @Test func aByteLimitCountsFromTheOffsetWhereItBeganToApply() {
        let settings = RelaySettings([(.limitData(bytes: 100), at(0), 1_000)])
        #expect(settings.cut?.offset == 1_100)
    }

    @Test func noToxicsIsPassThrough() {
        #expect(RelaySettings().isPassThrough)
    }

    @Test func thePacingRateIsTheTighterOfTheCapAndTheLink() {
        #expect(RelaySettings().pacingRate == nil)
        #expect(RelaySettings([(.bandwidth(.kilobytesPerSecond(100)), at(0), 0)]).pacingRate == 100_000)
        #expect(RelaySettings([(.linkBandwidth(.kilobytesPerSecond(40)), at(0), 0)]).pacingRate == 40_000)
        #expect(RelaySettings([
            (.bandwidth(.kilobytesPerSecond(100)), at(0), 0), (.linkBandwidth(.kilobytesPerSecond(40)), at(0), 0),
        ]).pacingRate == 40_000)
        #expect(RelaySettings([
            (.bandwidth(.kilobytesPerSecond(30)), at(0), 0), (.linkBandwidth(.kilobytesPerSecond(40)), at(0), 0),
        ]).pacingRate == 30_000)
    }
}

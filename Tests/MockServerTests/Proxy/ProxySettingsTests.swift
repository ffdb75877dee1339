import Testing
import NetworkCore
@testable import MockServer

@Suite struct ProxySettingsTests {
    @Test func theLinkCompilesToToxicsOnEachStream() {
        let settings = ProxySettings(
            link: LinkProfile(latency: .milliseconds(50), bandwidth: .kilobytesPerSecond(100), uploadBandwidth: .kilobytesPerSecond(10)),
            faults: .none, toxics: [])
        let down = settings.effects(seed: 0, name: "p", ordinal: 0, stream: .downstream).map(\.effect)
        let up = settings.effects(seed: 0, name: "p", ordinal: 0, stream: .upstream).map(\.effect)
        #expect(down == [.latency(.milliseconds(50), jitter: .none), .bandwidth(.kilobytesPerSecond(100))])
        #expect(up == [.bandwidth(.kilobytesPerSecond(10))])
    }

    @Test(arguments: [
        (Fault.reset, Toxic.Effect.resetAfter(bytes: 0)),
        (.resetAfter(bytes: 10), .resetAfter(bytes: 10)),
        (.close, .limitData(bytes: 0)),
        (.truncateAfter(bytes: 10), .limitData(bytes: 10)),
        (.stallAfter(bytes: 10), .stallAfter(bytes: 10)),
        (.corrupt(count: 3), .corrupt(count: 3)),
        (.slice(bytes: 100, delay: .milliseconds(1)), .slicer(averageSize: 100, sizeVariation: 0, delay: .milliseconds(1))),
    ])
    func eachTCPFaultIsAToxic(fault: Fault, effect: Toxic.Effect) throws {
        #expect(try ProxySettings.effect(of: fault) == effect)
    }

    @Test func httpOnlyFaultsAreRefusedNamingThem() {
        for fault in [Fault.status(503), .malformed] {
            let settings = ProxySettings(link: .unlimited, faults: [FaultRule(fault)], toxics: [])
            #expect(throws: ToxicError.httpOnlyFault(fault.description)) { try settings.validate() }
        }
    }

    @Test func twoToxicsWithOneNameAreRefused() {
        let toxic = Toxic(name: "same", effect: .timeout(.zero))
        #expect(throws: ToxicError.self) { try ProxySettings(link: .unlimited, faults: .none, toxics: [toxic, toxic]).validate() }
    }

    @Test func faultsFireOnTheConnectionsTheSeedPicks() {
        let settings = ProxySettings(link: .unlimited, faults: [FaultRule(.reset, rate: 0.5)], toxics: [])
        let hit = (0..<64).filter { !settings.effects(seed: 3, name: "p", ordinal: $0, stream: .downstream).isEmpty }
        #expect(hit == (0..<64).filter { !settings.effects(seed: 3, name: "p", ordinal: $0, stream: .downstream).isEmpty })
        #expect(!hit.isEmpty && hit.count < 64)
    }
}

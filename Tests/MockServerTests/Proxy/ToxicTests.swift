import Testing
import NetworkCore
@testable import MockServer

@Suite struct ToxicTests {
    @Test func toxicityPicksTheSameConnectionsForTheSameSeedProxyAndName() {
        let toxic = Toxic(name: "flaky", toxicity: 0.3, effect: .resetPeer(after: .zero))
        let picked = (0..<1_000).filter { toxic.applies(seed: 7, proxy: "db", ordinal: $0) }
        #expect(picked == (0..<1_000).filter { toxic.applies(seed: 7, proxy: "db", ordinal: $0) })
        #expect((250...350).contains(picked.count))
        #expect(picked != (0..<1_000).filter { toxic.applies(seed: 8, proxy: "db", ordinal: $0) })
        #expect(picked != (0..<1_000).filter { toxic.applies(seed: 7, proxy: "cache", ordinal: $0) })
    }

    @Test func toxicityOneAlwaysAppliesAndZeroNever() {
        #expect((0..<100).allSatisfy { Toxic(name: "a", effect: .timeout(.zero)).applies(seed: 1, proxy: "p", ordinal: $0) })
        #expect(!(0..<100).contains { Toxic(name: "a", toxicity: 0, effect: .timeout(.zero)).applies(seed: 1, proxy: "p", ordinal: $0) })
    }

    @Test func firstLimitsTheToxicToTheFirstConnections() {
        let toxic = Toxic(name: "a", first: 2, effect: .limitData(bytes: 0))
        #expect((0..<5).map { toxic.applies(seed: 0, proxy: "p", ordinal: $0) } == [true, true, false, false, false])
    }

    @Test(arguments: [
        Toxic.Effect.slicer(averageSize: 0, sizeVariation: 0, delay: .zero),
        .slicer(averageSize: 10, sizeVariation: 10, delay: .zero),
        .limitData(bytes: -1),
        .latency(.milliseconds(-1)),
        .corrupt(count: 0),
        .timeout(.seconds(-1)),
    ])
    func outOfRangeValuesAreRefused(effect: Toxic.Effect) {
        #expect(throws: ToxicError.self) { try Toxic(name: "bad", effect: effect).validate() }
    }

    @Test func aToxicityOutsideZeroToOneIsRefused() {
        #expect(throws: ToxicError.self) { try Toxic(name: "bad", toxicity: 1.5, effect: .timeout(.zero)).validate() }
    }

    /// A toxic is told apart from the others by its name, and its name keys the draws that
    /// pick its connections: an empty one was taken.
    @Test func anEmptyName_isRefused_sayingWhy() {
        let error = ToxicError.invalidToxic(name: "", reason: "a toxic needs a name, unique within its proxy")
        #expect(throws: error) { try Toxic(name: "", effect: .latency(.milliseconds(10))).validate() }
        #expect(error.description == "a toxic needs a name, unique within its proxy")
        #expect(throws: Never.self) { try Toxic(name: "x", effect: .latency(.milliseconds(10))).validate() }
    }
}

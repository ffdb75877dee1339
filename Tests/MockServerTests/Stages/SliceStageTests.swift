import NetworkCore
import Testing
@testable import MockServer

@Suite struct SliceStageTests {
    private func at(_ seconds: Double) -> Instant { Instant(seconds: seconds) }

    @Test func firstPiece_goesAtOnce_andStartsTheClock() {
        var slicing = SliceStage(bytes: 100, delay: .milliseconds(500))
        #expect(slicing.allowance(bodySent: 0, budget: 1_000, at: at(10)) == .upTo(100))
        #expect(slicing.start == at(10))
    }

    @Test func nextPiece_waitsForItsStart_thenGoesWhole() {
        var slicing = SliceStage(bytes: 100, delay: .milliseconds(500))
        _ = slicing.allowance(bodySent: 0, budget: 1_000, at: at(10))
        #expect(slicing.allowance(bodySent: 100, budget: 1_000, at: at(10.2)) == .waitUntil(at(10.5)))
        #expect(slicing.allowance(bodySent: 100, budget: 1_000, at: at(10.5)) == .upTo(100))
        // Late is fine: the piece starts are counted from the first, not from each other.
        #expect(slicing.allowance(bodySent: 200, budget: 1_000, at: at(11.7)) == .upTo(100))
    }

    @Test func partlySentPiece_allowsOnlyItsRest_andNoMoreThanTheBudget() {
        var slicing = SliceStage(bytes: 100, delay: .seconds(1))
        _ = slicing.allowance(bodySent: 0, budget: 1_000, at: at(0))
        #expect(slicing.allowance(bodySent: 30, budget: 1_000, at: at(0.1)) == .upTo(70))
        #expect(slicing.allowance(bodySent: 30, budget: 20, at: at(0.1)) == .upTo(20))
    }
}

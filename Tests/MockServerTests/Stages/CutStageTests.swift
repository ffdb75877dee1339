import Testing
@testable import MockServer

@Suite struct CutStageTests {
    @Test func cutFaults_becomeTheirAction() {
        #expect(CutStage(.truncateAfter(bytes: 10), length: 100) == CutStage(.truncateAfter(bytes: 10), length: nil))
        #expect(CutStage(.truncateAfter(bytes: 10), length: 100)?.action == .close)
        #expect(CutStage(.resetAfter(bytes: 10), length: 100)?.action == .reset)
        #expect(CutStage(.stallAfter(bytes: 10), length: 100)?.action == .stall)
    }

    @Test func otherFaults_andCutsAtOrPastTheEnd_areNoCut() {
        #expect(CutStage(.reset, length: 100) == nil)
        #expect(CutStage(.truncateAfter(bytes: 100), length: 100) == nil)
        #expect(CutStage(.truncateAfter(bytes: 200), length: 100) == nil)
        // A body of unknown length may reach any cut.
        #expect(CutStage(.truncateAfter(bytes: 200), length: nil) != nil)
    }

    @Test func budget_countsDownToTheCut() throws {
        let cut = try #require(CutStage(.resetAfter(bytes: 64), length: 1_000))
        #expect(cut.budget(bodySent: 0) == 64)
        #expect(cut.budget(bodySent: 60) == 4)
        #expect(cut.budget(bodySent: 64) == 0)
        #expect(!cut.reached(bodySent: 63))
        #expect(cut.reached(bodySent: 64))
    }
}

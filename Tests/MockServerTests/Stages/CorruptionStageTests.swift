import Testing
@testable import MockServer

@Suite struct CorruptionStageTests {
    @Test func piecewiseCorruption_equalsWholeCorruption() {
        let stage = CorruptionStage(count: 20, length: 1_000, seed: 3, method: "GET", url: "/bytes/1000")
        #expect(stage.positions == Fault.corruptionPositions(count: 20, bodyLength: 1_000, seed: 3, method: "GET", url: "/bytes/1000"))
        var whole = [UInt8](repeating: 0, count: 1_000)
        whole.withUnsafeMutableBytes { stage.apply(to: $0, bodyOffset: 0) }
        var pieces = [UInt8](repeating: 0, count: 1_000)
        pieces.withUnsafeMutableBytes { buffer in
            for start in stride(from: 0, to: 1_000, by: 37) {
                stage.apply(to: UnsafeMutableRawBufferPointer(rebasing: buffer[start..<min(start + 37, 1_000)]), bodyOffset: Int64(start))
            }
        }
        #expect(whole == pieces)
        #expect(whole.filter { $0 != 0 }.count == 20)
    }

    @Test func unknownLength_isCorruptedAsIfItWereOneMebibyte() {
        let stage = CorruptionStage(count: 5, length: nil, seed: 3, method: "GET", url: "/live")
        #expect(stage.positions == Fault.corruptionPositions(count: 5, bodyLength: 1 << 20, seed: 3, method: "GET", url: "/live"))
    }
}

import Testing
@testable import MockServer

@Suite struct FaultCorruptionTests {
    private func positions(_ count: Int, _ length: Int64, seed: UInt64 = 1, method: String = "GET", url: String = "/bytes/1MB") -> [Int64] {
        Fault.corruptionPositions(count: count, bodyLength: length, seed: seed, method: method, url: url)
    }

    @Test(arguments: [(1, 1_000_000), (1_000, 1_000_000), (9_990, 10_000), (3, 4)] as [(Int, Int64)])
    func positions_areDistinctSortedAndInRange(count: Int, length: Int64) {
        let drawn = positions(count, length)
        #expect(drawn.count == count)
        #expect(zip(drawn, drawn.dropFirst()).allSatisfy { $0 < $1 })
        #expect(drawn.allSatisfy { (0..<length).contains($0) })
    }

    @Test func positions_coverTheBody_whenCountReachesLength() {
        #expect(positions(10, 10) == Array(0..<10))
        #expect(positions(50, 10) == Array(0..<10))
        #expect(positions(0, 10) == [])
        #expect(positions(5, 0) == [])
    }

    @Test func positions_areStable_andDifferPerSeedMethodAndURL() {
        let base = positions(100, 1_000_000)
        #expect(positions(100, 1_000_000) == base)
        #expect(positions(100, 1_000_000, seed: 2) != base)
        #expect(positions(100, 1_000_000, method: "HEAD") != base)
        #expect(positions(100, 1_000_000, url: "/bytes/1MB?x=1") != base)
    }

    @Test func positions_spreadOverTheBody() {
        let drawn = positions(10_000, 1_000_000)
        let mean = Double(drawn.reduce(0, +)) / Double(drawn.count)
        #expect(abs(mean - 500_000) < 25_000)
        #expect(drawn.first! < 1_000 && drawn.last! > 999_000)
    }

    @Test func positions_costNothingPerBodyByte_in10GB() {
        // 20k keeps debug builds quick (the test runs beside timing-sensitive ones); a
        // million takes about 0.25 s in release.
        let length: Int64 = 10_000_000_000
        let drawn = positions(20_000, length)
        #expect(drawn.count == 20_000)
        #expect(zip(drawn, drawn.dropFirst()).allSatisfy { $0 < $1 })
        #expect(drawn.first! >= 0 && drawn.last! < length)
        #expect(drawn.last! > length / 2)
    }

    @Test func applyCorruption_flipsExactlyThePositions() {
        let original = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let drawn = positions(200, Int64(original.count))
        var body = original
        body.withUnsafeMutableBytes { Fault.applyCorruption(positions: drawn, to: $0, bodyOffset: 0) }
        let changed = body.indices.filter { body[$0] != original[$0] }.map(Int64.init)
        #expect(changed == drawn)
        #expect(drawn.allSatisfy { body[Int($0)] == original[Int($0)] ^ Fault.corruptionMask })
    }

    @Test func applyCorruption_onStreamedPieces_equalsCorruptingTheWhole() {
        let original = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        let drawn = positions(5_000, Int64(original.count), seed: 9)
        var whole = original
        whole.withUnsafeMutableBytes { Fault.applyCorruption(positions: drawn, to: $0, bodyOffset: 0) }

        var streamed: [UInt8] = []
        var offset = 0
        var pieceSize = 1
        while offset < original.count {
            var piece = Array(original[offset..<min(offset + pieceSize, original.count)])
            piece.withUnsafeMutableBytes { Fault.applyCorruption(positions: drawn, to: $0, bodyOffset: Int64(offset)) }
            streamed += piece
            offset += piece.count
            pieceSize = pieceSize * 3 % 8_191 + 1   // ragged sizes from 1 byte to ~8 KB
        }
        #expect(streamed == whole)
    }

    @Test func applyCorruption_leavesPiecesWithoutPositionsAlone() {
        var piece = [UInt8](repeating: 0xAB, count: 100)
        piece.withUnsafeMutableBytes { Fault.applyCorruption(positions: [5, 500], to: $0, bodyOffset: 200) }
        #expect(piece.allSatisfy { $0 == 0xAB })
        piece.withUnsafeMutableBytes { Fault.applyCorruption(positions: [], to: $0, bodyOffset: 0) }
        #expect(piece.allSatisfy { $0 == 0xAB })
    }
}

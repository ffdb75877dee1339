import Testing
import TestSupport

/// The test helpers that build and compare large bodies agree with the per-byte forms they
/// replace.
@Suite struct ArrayTestBytesTests {
    @Test(arguments: [0, 1, 250, 251, 252, 1_000, 70_000])
    func cycling_isThePerByteFormula(count: Int) {
        let pattern: [UInt8] = (0..<251).map { (index: Int) -> UInt8 in UInt8(index * 7 % 251) }
        let expected: [UInt8] = (0..<count).map { (index: Int) -> UInt8 in UInt8(index * 7 % 251) }
        #expect([UInt8].cycling(pattern, count: count) == expected)
        #expect([UInt8].cycling([], count: count) == [])
    }

    @Test func differingBytes_countsEveryFlippedPosition_acrossBlockEdges() {
        let original = [UInt8].cycling(Array(0..<251), count: 20_000)
        var changed = original
        for index in [0, 4_095, 4_096, 8_200, 19_999] { changed[index] ^= 0xFF }
        #expect(changed.differingBytes(from: original) == 5)
        #expect(original.differingBytes(from: original) == 0)
        // Over the common length only.
        #expect(Array(changed.prefix(4_096)).differingBytes(from: original) == 2)
        #expect([UInt8]().differingBytes(from: original) == 0)
    }
}

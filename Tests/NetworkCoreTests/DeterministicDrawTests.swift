import Testing
@testable import NetworkCore

@Suite struct DeterministicDrawTests {
    @Test func sameSeedAndKey_giveSameValues() {
        let a = DeterministicDraw(seed: 7, key: "GET /bytes/1MB#0")
        let b = DeterministicDraw(seed: 7, key: "GET /bytes/1MB#0")
        #expect((0..<100).map { a.value($0) } == (0..<100).map { b.value($0) })
    }

    @Test func differentSeedOrKey_giveDifferentValues() {
        let base = DeterministicDraw(seed: 7, key: "k")
        #expect(base.value() != DeterministicDraw(seed: 8, key: "k").value())
        #expect(base.value() != DeterministicDraw(seed: 7, key: "k2").value())
    }

    @Test func unit_isUniformInHalfOpenInterval() {
        let draw = DeterministicDraw(seed: 1, key: "uniform")
        let values = (0..<10_000).map { draw.unit($0) }
        #expect(values.allSatisfy { $0 >= 0 && $0 < 1 })
        let mean = values.reduce(0, +) / Double(values.count)
        #expect(abs(mean - 0.5) < 0.02)
    }

    @Test func below_staysInBound() {
        let draw = DeterministicDraw(seed: 3, key: "below")
        #expect((0..<1000).allSatisfy { draw.below(10, $0) < 10 })
        #expect(Set((0..<1000).map { draw.below(10, $0) }).count == 10)
    }
}

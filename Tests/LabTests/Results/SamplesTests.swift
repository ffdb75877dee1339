import Testing
@testable import Lab

@Suite struct SamplesTests {
    @Test func median_isTheMiddle_orTheMeanOfTheTwoMiddles() {
        #expect(Samples(values: [3, 1, 2]).median == 2)
        #expect(Samples(values: [4, 1, 3, 2]).median == 2.5)
        #expect(Samples(values: []).median == 0)
        #expect(Samples(values: [3, 1, 2]).min == 1)
        #expect(Samples(values: [3, 1, 2]).max == 3)
    }
}

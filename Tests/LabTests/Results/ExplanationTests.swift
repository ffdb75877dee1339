import Testing
@testable import Lab

@Suite struct ExplanationTests {
    @Test func article_explainsTheWaitsAndTheSharedLink() {
        let text = Explanation(result: ResultFixtures.article(sequential: 12.0, concurrent: 1.31)).lines.joined(separator: "\n")
        #expect(text.contains("2.50 s of it spent waiting"))
        #expect(text.contains("share the 99.86 MB/s link"))
        #expect(text.contains("10.00× instead of 9.20×"))
        #expect(text.contains("within 3%"))
    }

    @Test func aMiss_isCalledOut() {
        let text = Explanation(result: ResultFixtures.article(sequential: 12.0, concurrent: 2.0)).lines.joined(separator: "\n")
        #expect(text.contains("concurrent took +53.8% against the model"))
    }
}

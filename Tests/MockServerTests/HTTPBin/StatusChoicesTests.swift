@testable import MockServer
import Testing

/// StatusChoices.swift: httpbin's `/status/{codes}` syntax, and reproducible weighted choices.
@Suite struct StatusChoicesTests {
    @Test func parsing_readsCodesListsAndWeights() throws {
        #expect(try StatusChoices(parsing: "503").choices.map(\.code) == [503])
        let weighted = try StatusChoices(parsing: "200:0.9,500:0.1,404")
        #expect(weighted.choices.map(\.code) == [200, 500, 404])
        #expect(weighted.choices.map(\.weight) == [0.9, 0.1, 1])
    }

    @Test(arguments: ["", "99", "600", "abc", "200,", "200:x", "200:-1", "200:0", "200:1:2", "٢٠٠", "200:inf"])
    func parsing_refusesWhatItCannotSend(text: String) {
        #expect(throws: StatusChoicesError.self) { try StatusChoices(parsing: text) }
    }

    @Test func choice_isTheSame_forTheSameSeedAndOrdinal() throws {
        let choices = try StatusChoices(parsing: "200,500")
        let first = (0..<50).map { choices.code(seed: 7, key: "200,500", ordinal: $0) }
        let again = (0..<50).map { choices.code(seed: 7, key: "200,500", ordinal: $0) }
        #expect(first == again)
        #expect(Set(first) == [200, 500])
        let otherSeed = (0..<50).map { choices.code(seed: 8, key: "200,500", ordinal: $0) }
        #expect(first != otherSeed)
    }

    @Test func choice_followsTheWeights() throws {
        let choices = try StatusChoices(parsing: "200:0.9,500:0.1")
        let codes = (0..<10_000).map { choices.code(seed: 1, key: "w", ordinal: $0) }
        let errors = codes.filter { $0 == 500 }.count
        #expect((800...1200).contains(errors), "\(errors) of 10000")
    }

    @Test func choice_neverPicksAZeroWeight() throws {
        let choices = try StatusChoices(parsing: "200:0,503:1,404:0")
        #expect((0..<1000).allSatisfy { choices.code(seed: 3, key: "z", ordinal: $0) == 503 })
    }
}

import Testing
@testable import MockServer

@Suite struct RecordedRequestBodyTests {
    @Test func aSmallBody_isKeptWhole() {
        let recorded = RecordedRequestBody()
        recorded.append(Array("ab".utf8))
        recorded.append(Array("cd".utf8))
        #expect(recorded.taken.prefix == Array("abcd".utf8))
        #expect(recorded.taken.size == 4)
    }

    @Test func aLargeBody_keepsItsFirstMebibyte_andItsWholeSize() {
        let recorded = RecordedRequestBody()
        let limit = ProxiedExchange.recordedRequestBodyLimit
        #expect(limit == 1_048_576)
        recorded.append([UInt8](repeating: 1, count: limit - 1))
        recorded.append([2, 3, 4])
        recorded.append([5])
        #expect(recorded.taken.prefix.count == limit)
        #expect(recorded.taken.prefix.last == 2)
        #expect(recorded.taken.size == Int64(limit) + 3)
        recorded.reset()
        #expect(recorded.taken.size == 0)
        #expect(recorded.taken.prefix.isEmpty)
    }

    @Test func theJournalsCopy_keepsOnlyItsOwnLimit() {
        let kept = RecordedRequestBody(limit: 4)
        kept.append(Array("abc".utf8))
        kept.append(Array("def".utf8))
        #expect(kept.taken.prefix == Array("abcd".utf8))
        #expect(kept.taken.size == 6)
    }
}

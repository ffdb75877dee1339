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
}

import Testing
@testable import NetworkLabClient

@Suite struct ContentRangeTests {
    @Test func satisfiedRange_isParsed() {
        #expect(ContentRange("bytes 100-199/1000") == ContentRange(first: 100, last: 199, completeLength: 1000))
        #expect(ContentRange("bytes 0-9/*")?.completeLength == nil)
    }

    @Test func unsatisfiedOrBadRanges_areNil() {
        for field in ["bytes */1000", "bytes 10-5/100", "bytes 0-99/50", "items 0-1/2", "bytes 0-1", "bytes a-b/c"] {
            #expect(ContentRange(field) == nil, "\(field)")
        }
    }
}

extension ContentRange {
    init(first: Int64, last: Int64, completeLength: Int64?) {
        self = ContentRange("bytes \(first)-\(last)/\(completeLength.map(String.init) ?? "*")")!
    }
}

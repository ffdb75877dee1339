import NetworkCore
import Testing
@testable import MockServer

@Suite struct RequestBodyReaderTests {
    private let head = HTTPRequestHead(method: .post, target: "/u", version: .http1_1, headers: ["Host": "t"])

    private func consume(_ reader: inout RequestBodyReader, _ text: String, limit: Int64 = 100) throws -> Int {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBytes { try reader.consume($0, limit: limit) }
    }

    @Test func contentLength_takesNoMoreThanAnnounced() throws {
        var reader = RequestBodyReader(head: head, headAt: Instant(seconds: 1), length: 4, collect: true)
        #expect(try consume(&reader, "ab") == 2)
        #expect(!reader.isComplete)
        #expect(try consume(&reader, "cdEXTRA") == 2)
        #expect(reader.isComplete)
        #expect(reader.collected == Array("abcd".utf8))
        #expect(reader.received == 4)
    }

    @Test func uncollectedBody_isCountedOnly() throws {
        var reader = RequestBodyReader(head: head, headAt: Instant(seconds: 1), length: 3, collect: false)
        #expect(try consume(&reader, "abc") == 3)
        #expect(reader.collected.isEmpty)
        #expect(reader.received == 3)
    }

    @Test func chunked_stopsAfterTheLastChunk() throws {
        var reader = RequestBodyReader(chunkedFor: head, headAt: Instant(seconds: 1), collect: true)
        #expect(try consume(&reader, "2\r\nab\r\n0\r\n\r\nNEXT") == 12)
        #expect(reader.isComplete)
        #expect(reader.collected == Array("ab".utf8))
    }

    @Test func chunked_overTheLimit_isRefusedWith413() {
        var reader = RequestBodyReader(chunkedFor: head, headAt: Instant(seconds: 1), collect: true)
        #expect(throws: RequestBodyReader.Refusal(status: 413, message: "request body is over the limit of 3 bytes")) {
            _ = try consume(&reader, "4\r\nabcd\r\n", limit: 3)
        }
    }

    @Test func chunked_malformed_isRefusedWith400() {
        var reader = RequestBodyReader(chunkedFor: head, headAt: Instant(seconds: 1), collect: true)
        #expect(throws: RequestBodyReader.Refusal(status: 400, message: "malformed chunked body: bad chunk size line or missing CRLF")) {
            _ = try consume(&reader, "2\r\nab\n")
        }
    }
}

import Testing
@testable import MockServer

@Suite struct BytesRequestBodyTests {
    @Test func theWholeBody_comesInOnePiece_andAgainAfterARewind() async throws {
        let body = BytesRequestBody(Array("hello".utf8))
        #expect(body.length == 5)
        #expect(try await body.next() == Array("hello".utf8))
        #expect(try await body.next() == nil)
        #expect(body.rewind())
        #expect(try await body.next() == Array("hello".utf8))
    }

    @Test func anEmptyBody_endsAtOnce() async throws {
        #expect(try await BytesRequestBody([]).next() == nil)
    }
}

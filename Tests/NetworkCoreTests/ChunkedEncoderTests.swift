import Testing
@testable import NetworkCore

@Suite struct ChunkedEncoderTests {
    @Test func chunk_framesBytesWithTheirHexSize() {
        #expect(ChunkedEncoder.chunk(Array("hello".utf8)) == Array("5\r\nhello\r\n".utf8))
        let large = [UInt8](repeating: 0, count: 0x1a2b)
        #expect(ChunkedEncoder.chunk(large).prefix(6) == Array("1a2b\r\n".utf8)[...])
        #expect(ChunkedEncoder.chunk(large).count == 6 + 0x1a2b + 2)
    }

    @Test func emptyChunk_isNothing_soItCannotEndTheBody() {
        #expect(ChunkedEncoder.chunk([UInt8]()) == [])
    }

    @Test func terminator_isTheLastChunkAndAnEmptyTrailer() {
        #expect(ChunkedEncoder.terminator == Array("0\r\n\r\n".utf8))
    }
}

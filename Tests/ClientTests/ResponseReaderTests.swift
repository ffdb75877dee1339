import NetworkCore
import Testing
@testable import NetworkLabClient

@Suite struct ResponseReaderTests {
    /// Feeds each piece as one read; returns the body bytes handed over and the final head.
    func read(_ pieces: [String], method: RequestMethod = .get) throws(DownloadError) -> (reader: ResponseReader, body: String, heads: Int) {
        var reader = ResponseReader(requestMethod: method)
        var body: [UInt8] = []
        var heads = 0
        for piece in pieces {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: piece.utf8.count, alignment: 1)
            defer { buffer.deallocate() }
            buffer.copyBytes(from: piece.utf8)
            let (head, range) = try reader.read(buffer)
            if head != nil { heads += 1 }
            body += buffer[range]
        }
        return (reader, String(decoding: body, as: UTF8.self), heads)
    }

    @Test func contentLengthBody_inOneRead_isComplete() throws {
        let (reader, body, heads) = try read(["HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"])
        #expect(body == "hello" && heads == 1 && reader.isComplete && !reader.hasTrailingBytes)
        #expect(reader.head?.status == 200)
    }

    @Test func headSplitByteByByte_isParsed_andItsBodyFollows() throws {
        let text = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nX: y\r\n\r\nabc"
        let (reader, body, heads) = try read(text.map(String.init))
        #expect(body == "abc" && heads == 1 && reader.isComplete)
    }

    @Test func headSplitAcrossReads_withBodyInTheSecond() throws {
        let (_, body, _) = try read(["HTTP/1.1 200 OK\r\nContent-Le", "ngth: 4\r\n\r\nbo", "dy"])
        #expect(body == "body")
    }

    @Test func interimResponses_areSkipped() throws {
        let (reader, body, heads) = try read(["HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"])
        #expect(body == "ok" && heads == 1 && reader.head?.status == 200)
    }

    @Test func chunkedBody_isDecodedInPlace_acrossReads() throws {
        let (reader, body, _) = try read(["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n", "4;ext=1\r\ndefg\r", "\n0\r\nTrailer: x\r\n\r\n"])
        #expect(body == "abcdefg" && reader.isComplete)
    }

    @Test func bytesAfterTheResponse_markTheConnectionUnusable() throws {
        let (reader, body, _) = try read(["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA"])
        #expect(body == "ok" && reader.hasTrailingBytes)
    }

    @Test func bodyUntilClose_completesOnlyAtEndOfStream() throws {
        var (reader, body, _) = try read(["HTTP/1.0 200 OK\r\n\r\nsome", " more"])
        #expect(body == "some more" && !reader.isComplete)
        let finished = reader.finish()
        #expect(finished)
    }

    @Test func headResponse_hasNoBody_despiteContentLength() throws {
        let (reader, body, _) = try read(["HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"], method: .head)
        #expect(body.isEmpty && reader.isComplete)
    }

    @Test func garbage_isAMalformedResponse() {
        #expect(throws: DownloadError.self) { _ = try read(["SSH-2.0-OpenSSH\r\n\r\n"]) }
        #expect(throws: DownloadError.self) { _ = try read(["HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"]) }
    }
}

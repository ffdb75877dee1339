import Testing
@testable import NetworkCore

@Suite struct ChunkedDecoderTests {
    enum Outcome: Equatable {
        case complete(body: [UInt8], consumed: Int)
        case incomplete(body: [UInt8])
        case failed(HTTPParseError)
    }

    /// Decodes `bytes` fed in pieces ending at `cuts`, as a socket would deliver them.
    static func decode(_ bytes: [UInt8], cuts: [Int] = [], maxLineLength: Int = 4096) -> Outcome {
        var decoder = ChunkedDecoder(maxLineLength: maxLineLength)
        var body: [UInt8] = []
        var offset = 0
        for end in cuts.sorted() + [bytes.count] where end >= offset {
            let result = bytes[offset..<end].withUnsafeBytes { piece in
                Result { () throws(HTTPParseError) in try decoder.decode(piece) { body.append(contentsOf: $0) } }
            }
            switch result {
            case .failure(let error):
                return .failed(error)
            case .success(let consumed):
                offset += consumed
                if decoder.isComplete { return .complete(body: body, consumed: offset) }
                #expect(offset == end, "an incomplete body consumes all its input")
            }
        }
        return .incomplete(body: body)
    }

    static func decode(_ text: String, maxLineLength: Int = 4096) -> Outcome {
        decode(Array(text.utf8), maxLineLength: maxLineLength)
    }

    static let sample = "5\r\nhello\r\n1;name=value; flag\r\n,\r\nB \t \r\n 0123456789\r\n006\r\nworld!\r\n0\r\nExpires: never\r\nX: y\r\n\r\n"
    static let sampleBody = Array("hello, 0123456789world!".utf8)

    @Test func chunkedBody_decodes_ignoringExtensionsAndTrailers() {
        let bytes = Array(Self.sample.utf8)
        #expect(Self.decode(bytes) == .complete(body: Self.sampleBody, consumed: bytes.count))
    }

    @Test func chunkedBody_splitAtEveryPossibleBoundary_decodesTheSame() {
        let bytes = Array(Self.sample.utf8)
        let whole = Self.decode(bytes)
        for cut in 0...bytes.count {
            #expect(Self.decode(bytes, cuts: [cut]) == whole, "cut at \(cut)")
        }
        for first in stride(from: 0, through: bytes.count, by: 3) {
            for second in stride(from: first, through: bytes.count, by: 5) {
                #expect(Self.decode(bytes, cuts: [first, second]) == whole, "cuts at \(first), \(second)")
            }
        }
        #expect(Self.decode(bytes, cuts: Array(0...bytes.count)) == whole)
    }

    @Test func decoding_stopsAtTheEndOfTheBody_leavingTheNextMessage() {
        let bytes = Array("3\r\nabc\r\n0\r\n\r\nGET / HTTP/1.1\r\n".utf8)
        #expect(Self.decode(bytes) == .complete(body: Array("abc".utf8), consumed: 13))
    }

    @Test func emptyBody_isJustTheLastChunk() {
        #expect(Self.decode("0\r\n\r\n") == .complete(body: [], consumed: 5))
        #expect(Self.decode("000\r\n\r\n") == .complete(body: [], consumed: 7))
    }

    @Test func truncatedBody_isIncomplete_withTheBytesSoFar() {
        #expect(Self.decode("5\r\nhel") == .incomplete(body: Array("hel".utf8)))
        #expect(Self.decode("5\r\nhello\r\n0\r\n") == .incomplete(body: Array("hello".utf8)))
    }

    @Test func completeDecoder_consumesNothingMore() throws {
        var decoder = ChunkedDecoder()
        _ = try Array("0\r\n\r\n".utf8).withUnsafeBytes { piece in try decoder.decode(piece) { _ in } }
        #expect(decoder.isComplete)
        #expect(try Array("1\r\nx".utf8).withUnsafeBytes { piece in try decoder.decode(piece) { _ in } } == 0)
    }

    @Test(arguments: [
        "\r\n",                           // no size
        "x\r\n",                          // not hex
        ";ext\r\n",                       // extension without size
        " 5\r\nhello\r\n0\r\n\r\n",       // space before size
        "-5\r\nhello\r\n",                // negative
        "5\nhello\r\n0\r\n\r\n",          // bare LF after size
        "5\r\nhello\n0\r\n\r\n",          // bare LF after data
        "5\r\nhelloX\r\n0\r\n\r\n",       // data longer than size
        "5 6\r\nhello\r\n",               // garbage after size
        "5;a\u{0}b\r\nhello\r\n",         // control byte in extension
        "5\r\r\nhello\r\n",               // bare CR
        "0\r\nX: y\n\r\n",                // bare LF in trailer
        "0\r\n\n",                        // bare LF ending trailers
        "0\r\nX: \u{1}\r\n\r\n",          // control byte in trailer
        "10000000000000000\r\n",          // 2^64: overflows Int
        "8000000000000000\r\n",           // 2^63: overflows Int
    ])
    func malformedChunk_fails(text: String) {
        #expect(Self.decode(text) == .failed(.malformedChunk))
    }

    @Test func largestSize_fitsInInt() {
        #expect(Self.decode("7fffffffffffffff\r\nabc") == .incomplete(body: Array("abc".utf8)))
    }

    @Test func sizeLine_atTheLimit_isAccepted_longer_fails() {
        #expect(Self.decode("1;abcdef\r\nx\r\n0\r\n\r\n", maxLineLength: 8) == .complete(body: [UInt8(ascii: "x")], consumed: 18))
        #expect(Self.decode("1;abcdefg\r\nx\r\n0\r\n\r\n", maxLineLength: 8) == .failed(.malformedChunk))
        #expect(Self.decode("000000001\r\n", maxLineLength: 8) == .failed(.malformedChunk))
    }

    @Test func trailerLine_atTheLimit_isAccepted_longer_fails() {
        #expect(Self.decode("0\r\nX: 12345\r\n\r\n", maxLineLength: 8) == .complete(body: [], consumed: 15))
        #expect(Self.decode("0\r\nX: 123456\r\n\r\n", maxLineLength: 8) == .failed(.malformedChunk))
    }

    @Test func encodedPieces_decodeBackToTheBody() {
        let pieces = [Array("a".utf8), [UInt8](repeating: 7, count: 300), [], Array("end".utf8)]
        let encoded = pieces.flatMap { ChunkedEncoder.chunk($0) } + ChunkedEncoder.terminator
        #expect(Self.decode(encoded) == .complete(body: pieces.flatMap { $0 }, consumed: encoded.count))
    }
}

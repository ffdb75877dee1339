import Testing
@testable import NetworkCore

@Suite struct HTTPHeadParserTests {
    /// What parsing some bytes came to, comparable across ways of feeding them.
    enum Outcome<Head: Equatable>: Equatable {
        case head(Head, consumed: Int)
        case needsMore
        case failed(HTTPParseError)
    }

    static let typical = """
        GET /bytes/10MB?seed=7&fault=none HTTP/1.1\r
        Host: 127.0.0.1:8080\r
        User-Agent: lab/1.0 (linux; swift 6.3)\r
        Accept: */*\r
        Accept-Encoding: identity\r
        Connection: keep-alive\r
        X-Request-ID: 5f0c2a1e-3c9b-4a8e-9d3e-0d6f1b2a7c44\r
        Cache-Control: no-cache\r
        \r

        """

    /// Feeds `bytes` as a growing buffer, one call per cut, then whole, as a socket would.
    static func parseRequest(_ bytes: [UInt8], cuts: [Int] = [], limits: HTTPLimits = .default) -> Outcome<HTTPRequestHead> {
        var parser = HTTPHeadParser(limits: limits)
        return feed(bytes, cuts: cuts) { buffer throws(HTTPParseError) in try parser.parseRequest(buffer) }
    }

    static func parseResponse(_ bytes: [UInt8], cuts: [Int] = []) -> Outcome<HTTPResponseHead> {
        var parser = HTTPHeadParser()
        return feed(bytes, cuts: cuts) { buffer throws(HTTPParseError) in try parser.parseResponse(buffer) }
    }

    static func feed<Head>(
        _ bytes: [UInt8],
        cuts: [Int],
        _ parse: (UnsafeRawBufferPointer) throws(HTTPParseError) -> (head: Head, consumed: Int)?
    ) -> Outcome<Head> {
        for end in cuts.sorted() + [bytes.count] {
            let result = bytes[..<end].withUnsafeBytes { buffer in
                Result { () throws(HTTPParseError) in try parse(buffer) }
            }
            switch result {
            case .success(let parsed?): return .head(parsed.head, consumed: parsed.consumed)
            case .success(nil): continue
            case .failure(let error): return .failed(error)
            }
        }
        return .needsMore
    }

    static func request(_ text: String, limits: HTTPLimits = .default) -> Outcome<HTTPRequestHead> {
        parseRequest(Array(text.utf8), limits: limits)
    }

    // MARK: Requests

    @Test func typicalRequest_parsesEveryPart() throws {
        let bytes = Array(Self.typical.utf8)
        guard case .head(let head, let consumed) = Self.parseRequest(bytes) else {
            Issue.record("no head")
            return
        }
        #expect(consumed == bytes.count)
        #expect(head.method == .get)
        #expect(head.target == "/bytes/10MB?seed=7&fault=none")
        #expect(head.version == .http1_1)
        #expect(head.headers.count == 7)
        #expect(head.headers["host"] == "127.0.0.1:8080")
        #expect(head.headers["user-agent"] == "lab/1.0 (linux; swift 6.3)")
        #expect(head.keepAlive)
        // The journal keeps heads: a head does not hold room for 16 fields it never had.
        #expect(head.headers.capacity < 16)
    }

    @Test func requestFedOneByteAtATime_equalsRequestFedWhole() {
        let bytes = Array(Self.typical.utf8) + Array("body".utf8)
        let whole = Self.parseRequest(bytes)
        #expect(Self.parseRequest(bytes, cuts: Array(0..<bytes.count)) == whole)
        guard case .head(_, let consumed) = whole else { Issue.record("no head: \(whole)"); return }
        #expect(consumed == bytes.count - 4)
    }

    @Test func requestSplitAtEveryPoint_equalsRequestFedWhole() {
        let bytes = Array(Self.typical.utf8)
        let whole = Self.parseRequest(bytes)
        for cut in 0...bytes.count {
            #expect(Self.parseRequest(bytes, cuts: [cut]) == whole)
        }
    }

    @Test func incompleteHead_needsMore() {
        let bytes = Array(Self.typical.utf8)
        for end in 0..<bytes.count {
            #expect(Self.parseRequest(Array(bytes[..<end])) == .needsMore)
        }
    }

    @Test func pipelinedRequests_parseOneAfterAnother() throws {
        let bytes = Array("GET /a HTTP/1.1\r\nHost: x\r\n\r\nPOST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhiHEAD /c HTTP/1.0\r\n\r\n".utf8)
        var parser = HTTPHeadParser()
        var offset = 0
        var seen: [(RequestMethod, String)] = []
        while offset < bytes.count {
            let parsed = try bytes[offset...].withUnsafeBytes { try parser.parseRequest($0) }
            guard let (head, consumed) = parsed else { break }
            seen.append((head.method, head.target))
            offset += consumed
            if case .contentLength(let length) = try BodyFraming.request(head) { offset += Int(length) }
        }
        #expect(seen.map(\.0) == [.get, .post, .head])
        #expect(seen.map(\.1) == ["/a", "/b", "/c"])
        #expect(offset == bytes.count)
    }

    @Test func bufferShorterThanTheLastOne_startsOver() throws {
        var parser = HTTPHeadParser()
        let first = Array("GET /abandoned HTTP/1.1\r\nHo".utf8)
        #expect(try first.withUnsafeBytes { try parser.parseRequest($0) } == nil)
        let second = Array("GET /b HTTP/1.0\r\n\r\n".utf8)
        let parsed = try #require(try second.withUnsafeBytes { try parser.parseRequest($0) })
        #expect(parsed.head.target == "/b")
    }

    @Test func leadingEmptyLines_areSkippedAndConsumed() {
        let text = "\r\n\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n"
        #expect(Self.request(text) == .head(HTTPRequestHead(method: .get, target: "/", headers: ["Host": "x"]), consumed: text.utf8.count))
    }

    @Test func bareLineFeeds_endLines() {
        let text = "GET / HTTP/1.0\nHost: a\n\n"
        let expected = HTTPRequestHead(method: .get, target: "/", version: .http1_0, headers: ["Host": "a"])
        #expect(Self.request(text) == .head(expected, consumed: text.utf8.count))
    }

    @Test func headerValues_loseSurroundingWhitespace_keepInnerWhitespace() {
        guard case .head(let head, _) = Self.request("GET / HTTP/1.1\r\nHost: x\r\nA: \t x  y \t\r\nB:\r\nC:z\r\n\r\n") else {
            Issue.record("no head")
            return
        }
        #expect(head.headers["A"] == "x  y")
        #expect(head.headers["B"] == "")
        #expect(head.headers["C"] == "z")
    }

    @Test func repeatedHeaders_keepTheirOrder() {
        guard case .head(let head, _) = Self.request("GET / HTTP/1.0\r\nX: 1\r\nY: 2\r\nx: 3\r\n\r\n") else {
            Issue.record("no head")
            return
        }
        #expect(head.headers.values(for: "X") == ["1", "3"])
        #expect(head.headers.map(\.name) == ["X", "Y", "x"])
    }

    @Test func anyTokenMethod_andAnyTargetForm_areAccepted() {
        for (line, method, target) in [
            ("PROPFIND /dav HTTP/1.1", RequestMethod(rawValue: "PROPFIND"), "/dav"),
            ("OPTIONS * HTTP/1.1", .options, "*"),
            ("CONNECT 127.0.0.1:443 HTTP/1.1", .connect, "127.0.0.1:443"),
            ("GET http://a.example/x?y HTTP/1.1", .get, "http://a.example/x?y"),
        ] {
            let text = line + "\r\nHost: a.example\r\n\r\n"
            let expected = HTTPRequestHead(method: method, target: target, headers: ["Host": "a.example"])
            #expect(Self.request(text) == .head(expected, consumed: text.utf8.count))
        }
    }

    @Test func obsTextInValues_isAcceptedAsReplacementCharacters() {
        let bytes = Array("GET / HTTP/1.1\r\nHost: x\r\nX: a".utf8) + [0xE9] + Array("\r\n\r\n".utf8)
        guard case .head(let head, _) = Self.parseRequest(bytes) else {
            Issue.record("no head")
            return
        }
        #expect(head.headers["X"] == "a\u{FFFD}")
    }

    @Test func host_isRequiredOnceInHTTP11_andAtMostOnceInHTTP10() {
        #expect(Self.request("GET / HTTP/1.1\r\n\r\n") == .failed(.invalidHost))
        #expect(Self.request("GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n") == .failed(.invalidHost))
        #expect(Self.request("GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n") == .failed(.invalidHost))
        for value in ["a b", "a/b", "a@b", "a?b", "\"a\""] {
            #expect(Self.request("GET / HTTP/1.1\r\nHost: \(value)\r\n\r\n") == .failed(.invalidHost), "\(value)")
        }
        for value in ["", "127.0.0.1:8080", "[::1]:80", "xn--bcher-kva.example", "a_b.test"] {
            let text = "GET / HTTP/1.1\r\nHost: \(value)\r\n\r\n"
            #expect(Self.request(text) == .head(HTTPRequestHead(method: .get, target: "/", headers: ["Host": value]), consumed: text.utf8.count))
        }
        let old = "GET / HTTP/1.0\r\n\r\n"
        #expect(Self.request(old) == .head(HTTPRequestHead(method: .get, target: "/", version: .http1_0), consumed: old.utf8.count))
    }

    static let malformed: [(String, HTTPParseError)] = [
        ("GET  / HTTP/1.1\r\n\r\n", .malformedStartLine),            // two spaces
        (" GET / HTTP/1.1\r\n\r\n", .malformedStartLine),            // leading space
        ("GET / HTTP/1.1 \r\n\r\n", .malformedStartLine),            // trailing space
        ("GET /\r\n\r\n", .malformedStartLine),                      // HTTP/0.9
        ("GET\r\n\r\n", .malformedStartLine),
        ("G(T / HTTP/1.1\r\n\r\n", .malformedStartLine),             // method not a token
        ("GET /a b HTTP/1.1\r\n\r\n", .malformedStartLine),          // space in target
        ("GET /a\tb HTTP/1.1\r\n\r\n", .malformedStartLine),         // control byte in target
        ("GET /caf\u{E9} HTTP/1.1\r\n\r\n", .malformedStartLine),    // non-ASCII target
        ("GET / HTTP/1.1\r\r\n\r\n", .malformedStartLine),           // bare CR
        ("GET / http/1.1\r\n\r\n", .malformedStartLine),
        ("GET / HTTP/1.1x\r\n\r\n", .malformedStartLine),
        ("GET / HTTP/\r\n\r\n", .malformedStartLine),
        ("GET / HTTP/1.\r\n\r\n", .malformedStartLine),
        ("GET / HTTP/1.1\r\nHost : a\r\n\r\n", .malformedHeader),    // space before colon
        ("GET / HTTP/1.1\r\nHost\t: a\r\n\r\n", .malformedHeader),
        ("GET / HTTP/1.1\r\nHost a\r\n\r\n", .malformedHeader),      // no colon
        ("GET / HTTP/1.1\r\n: a\r\n\r\n", .malformedHeader),         // empty name
        ("GET / HTTP/1.1\r\nA(b: c\r\n\r\n", .malformedHeader),      // name not a token
        ("GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n", .malformedHeader),  // obs-fold
        ("GET / HTTP/1.1\r\n\tA: b\r\n\r\n", .malformedHeader),      // whitespace before first field
        ("GET / HTTP/1.1\r\nA: b\u{0}c\r\n\r\n", .malformedHeader),  // NUL
        ("GET / HTTP/1.1\r\nA: b\rc\r\n\r\n", .malformedHeader),     // bare CR in value
        ("GET / HTTP/1.1\r\nA: b\u{7F}\r\n\r\n", .malformedHeader),  // DEL
        ("GET / HTTP/2.0\r\n\r\n", .unsupportedVersion),
        ("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", .unsupportedVersion),   // HTTP/2 preface
        ("GET / HTTP/0.9\r\n\r\n", .unsupportedVersion),
        ("GET / HTTP/3\r\n\r\n", .malformedStartLine),      // HTTP-version is DIGIT "." DIGIT
        ("GET / HTTP/1.10\r\n\r\n", .malformedStartLine),
    ]

    @Test func laterMinorVersion_isReadAsHTTP11() {
        // RFC 9110 §2.5: a minor version above the highest implemented is read as that one.
        guard case .head(let head, _) = Self.request("GET / HTTP/1.7\r\nHost: a\r\n\r\n") else { Issue.record("refused"); return }
        #expect(head.version == .http1_1)
    }

    @Test(arguments: malformed)
    func malformedRequest_failsWithItsError(text: String, error: HTTPParseError) {
        #expect(Self.request(text) == .failed(error))
    }

    @Test func malformedStartLine_failsBeforeTheHeadEnds() {
        #expect(Self.request("GET / HTTP/2.0\r\nHost: a\r\n") == .failed(.unsupportedVersion))
        #expect(Self.request("GET / HTTP/1.1\r\nHost : a\r\nMore: b") == .failed(.malformedHeader))
    }

    // MARK: Limits

    @Test func requestLine_atTheLimit_isAccepted_oneByteMore_isTooLong() {
        let limits = HTTPLimits(maxRequestLine: 32)
        let fitting = "GET /" + String(repeating: "a", count: 32 - 16) + " HTTP/1.1\r\n"  // 32 bytes with CRLF
        #expect(fitting.utf8.count == 32)
        #expect(Self.request(fitting + "\r\n", limits: limits) != .failed(.requestLineTooLong))
        let longer = "GET /a" + fitting.dropFirst(5)
        #expect(Self.request(longer + "\r\n", limits: limits) == .failed(.requestLineTooLong))
    }

    @Test func unterminatedRequestLine_isTooLong_asSoonAsItPassesTheLimit() {
        let limits = HTTPLimits(maxRequestLine: 8192)
        let prefix = Array("GET /".utf8) + Array(repeating: UInt8(ascii: "a"), count: 8186)
        #expect(Self.parseRequest(prefix, limits: limits) == .needsMore)
        #expect(Self.parseRequest(prefix + [UInt8(ascii: "a")], limits: limits) == .failed(.requestLineTooLong))
    }

    @Test func requestLineLimit_startsAfterLeadingEmptyLines() {
        let limits = HTTPLimits(maxRequestLine: 16)
        #expect(Self.request("\r\n\r\nGET / HTTP/1.1\r\n\r\n", limits: limits) != .failed(.requestLineTooLong))
    }

    @Test func unterminatedHead_isTooLarge_asSoonAsItPassesTheLimit() {
        let limits = HTTPLimits(maxHeaderBytes: 64)
        let bytes = Array("GET / HTTP/1.1\r\nX: ".utf8)
        let filler = [UInt8](repeating: UInt8(ascii: "v"), count: 64 - bytes.count)
        #expect(Self.parseRequest(bytes + filler.dropLast(), limits: limits) == .needsMore)
        #expect(Self.parseRequest(bytes + filler, limits: limits) == .failed(.headersTooLarge))
    }

    @Test func head_atTheLimit_isAccepted_oneByteMore_isTooLarge() {
        let text = "GET / HTTP/1.1\r\nX: 12345\r\n\r\n"
        let limits = HTTPLimits(maxHeaderBytes: text.utf8.count)
        #expect(Self.request(text, limits: limits) != .failed(.headersTooLarge))
        #expect(Self.request("GET / HTTP/1.1\r\nX: 123456\r\n\r\n", limits: limits) == .failed(.headersTooLarge))
    }

    @Test func responsesIgnoreTheRequestLineLimit_butNotTheHeadLimit() {
        let long = "HTTP/1.1 200 " + String(repeating: "x", count: 9000) + "\r\n\r\n"
        #expect(Self.parseResponse(Array(long.utf8)) != .failed(.requestLineTooLong))
        let huge = "HTTP/1.1 200 OK\r\nX: " + String(repeating: "x", count: 40_000)
        #expect(Self.parseResponse(Array(huge.utf8)) == .failed(.headersTooLarge))
    }

    @Test func endlessEmptyLines_areBoundedByTheHeadLimit() {
        let bytes = [UInt8](repeating: HTTPSyntax.lf, count: 64)
        #expect(Self.parseRequest(bytes, limits: HTTPLimits(maxHeaderBytes: 64)) == .failed(.headersTooLarge))
    }

    @Test func headerCount_atTheLimit_isAccepted_oneMore_isTooMany() {
        let limits = HTTPLimits(maxHeaderCount: 3)
        #expect(Self.request("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", limits: limits) != .failed(.tooManyHeaders))
        #expect(Self.request("GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n", limits: limits) == .failed(.tooManyHeaders))
    }

    // MARK: Responses

    @Test func response_parsesStatusReasonAndHeaders() {
        let text = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
        let expected = HTTPResponseHead(status: 404, reason: "Not Found", headers: ["Content-Length": "0"])
        #expect(Self.parseResponse(Array(text.utf8)) == .head(expected, consumed: text.utf8.count))
    }

    @Test func response_mayHaveAnEmptyOrMissingReason() {
        for line in ["HTTP/1.0 200 ", "HTTP/1.0 200"] {
            let text = line + "\r\n\r\n"
            let expected = HTTPResponseHead(status: 200, reason: "", version: .http1_0)
            #expect(Self.parseResponse(Array(text.utf8)) == .head(expected, consumed: text.utf8.count))
        }
    }

    @Test func response_fedOneByteAtATime_equalsResponseFedWhole() {
        let bytes = Array("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello".utf8)
        let whole = Self.parseResponse(bytes)
        #expect(Self.parseResponse(bytes, cuts: Array(0..<bytes.count)) == whole)
        #expect(whole == .head(HTTPResponseHead(status: 200, headers: ["Content-Type": "text/plain", "Content-Length": "5"]), consumed: bytes.count - 5))
    }

    @Test func interimResponse_isFollowedByTheFinalOne() throws {
        let bytes = Array("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n".utf8)
        var parser = HTTPHeadParser()
        let first = try #require(try bytes.withUnsafeBytes { try parser.parseResponse($0) })
        let second = try #require(try bytes[first.consumed...].withUnsafeBytes { try parser.parseResponse($0) })
        #expect(first.head.status == 100)
        #expect(second.head.status == 204)
        #expect(first.consumed + second.consumed == bytes.count)
    }

    static let malformedResponses: [(String, HTTPParseError)] = [
        ("HTTP/1.1 20 OK\r\n\r\n", .malformedStartLine),
        ("HTTP/1.1 2000 OK\r\n\r\n", .malformedStartLine),
        ("HTTP/1.1 099 OK\r\n\r\n", .malformedStartLine),
        ("HTTP/1.1 2x0 OK\r\n\r\n", .malformedStartLine),
        ("HTTP/1.1  200 OK\r\n\r\n", .malformedStartLine),
        ("HTTP/1.1 200 O\u{1}K\r\n\r\n", .malformedStartLine),
        ("HTTP/1.1\r\n\r\n", .malformedStartLine),
        ("<html>\r\n\r\n", .malformedStartLine),
        ("HTTP/2 200\r\n\r\n", .malformedStartLine),
        ("HTTP/2.0 200 OK\r\n\r\n", .unsupportedVersion),
        ("HTTP/1.1 200 OK\r\nA : b\r\n\r\n", .malformedHeader),
    ]

    @Test(arguments: malformedResponses)
    func malformedResponse_failsWithItsError(text: String, error: HTTPParseError) {
        #expect(Self.parseResponse(Array(text.utf8)) == .failed(error))
    }

    // MARK: Fuzzing

    /// Mutates valid requests at random and checks that the parser never crashes, and that
    /// feeding the bytes whole, byte by byte and in random pieces always ends the same way.
    @Test func mutatedRequests_neverCrash_andParseTheSameWhateverThePieces() {
        let seeds = [
            Self.typical,
            "POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello",
            "PUT /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
            "\r\nGET / HTTP/1.0\nConnection: keep-alive\n\n",
        ].map { Array($0.utf8) }
        let fragments = ["\r\n", "\n", "\r", " ", "\t", ":", "\u{0}", "HTTP/2.0", "Transfer-Encoding: chunked\r\n",
                         "Content-Length: 99999999999999999999\r\n", "%", "\u{FF}", "\r\n\r\n", " \r\n x"].map { Array($0.utf8) }
        let limits = HTTPLimits(maxRequestLine: 64, maxHeaderBytes: 256, maxHeaderCount: 8)
        var outcomes: [String: Int] = [:]
        for round in 0..<4000 {
            let draw = DeterministicDraw(seed: 2024, key: "mutation \(round)")
            var bytes = seeds[Int(draw.below(UInt64(seeds.count), 0))]
            for step in 0..<(1 + draw.below(4, 1)) {
                let position = Int(draw.below(UInt64(bytes.count + 1), 10 + step * 4))
                let choice = draw.value(11 + step * 4)
                switch choice % 5 {
                case 0 where position < bytes.count: bytes[position] = UInt8(truncatingIfNeeded: choice >> 8)
                case 1 where position < bytes.count: bytes.remove(at: position)
                case 2: bytes.insert(contentsOf: fragments[Int((choice >> 8) % UInt64(fragments.count))], at: position)
                case 3: bytes.insert(contentsOf: bytes[position...].prefix(Int((choice >> 8) % 300)), at: position)
                default: bytes.insert(UInt8(truncatingIfNeeded: choice >> 16), at: position)
                }
            }
            let whole = Self.parseRequest(bytes, limits: limits)
            let cuts = (0..<3).map { Int(draw.below(UInt64(bytes.count + 1), 100 + $0)) }
            #expect(Self.parseRequest(bytes, cuts: cuts, limits: limits) == whole, "round \(round)")
            if round % 8 == 0 {
                #expect(Self.parseRequest(bytes, cuts: Array(0..<bytes.count), limits: limits) == whole, "round \(round)")
            }
            switch whole {
            case .head(let head, let consumed):
                #expect(consumed <= bytes.count)
                outcomes["head", default: 0] += 1
                if case .chunked? = try? BodyFraming.request(head) {
                    var decoder = ChunkedDecoder()
                    _ = try? bytes[consumed...].withUnsafeBytes { try decoder.decode($0) { _ in } }
                }
            case .needsMore: outcomes["needsMore", default: 0] += 1
            case .failed(let error): outcomes["\(error)", default: 0] += 1
            }
        }
        #expect(outcomes["head", default: 0] > 400, "\(outcomes)")
        #expect(outcomes.count > 6, "\(outcomes)")
    }
}

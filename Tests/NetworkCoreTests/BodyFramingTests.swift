import Testing
@testable import NetworkCore

@Suite struct BodyFramingTests {
    static func request(_ headers: HeaderFields, version: HTTPVersion = .http1_1) -> Result<BodyFraming, HTTPParseError> {
        let head = HTTPRequestHead(method: .post, target: "/", version: version, headers: headers)
        return Result { () throws(HTTPParseError) in try BodyFraming.request(head) }
    }

    static func response(
        _ status: Int, _ headers: HeaderFields = [:], method: RequestMethod = .get, version: HTTPVersion = .http1_1
    ) -> Result<BodyFraming, HTTPParseError> {
        let head = HTTPResponseHead(status: status, version: version, headers: headers)
        return Result { () throws(HTTPParseError) in try BodyFraming.response(head, requestMethod: method) }
    }

    @Test func request_withoutFraming_hasNoBody() {
        #expect(Self.request([:]) == .success(.none))
    }

    @Test func request_withContentLength_hasThatLength() {
        #expect(Self.request(["Content-Length": "42"]) == .success(.contentLength(42)))
        #expect(Self.request(["Content-Length": "0"]) == .success(.contentLength(0)))
        #expect(Self.request(["Content-Length": "9223372036854775807"]) == .success(.contentLength(.max)))
    }

    @Test func request_withAgreeingContentLengths_isAccepted_withDifferingOnes_conflicts() {
        #expect(Self.request(["Content-Length": "5", "content-length": "5"]) == .success(.contentLength(5)))
        #expect(Self.request(["Content-Length": "5, 5"]) == .success(.contentLength(5)))
        #expect(Self.request(["Content-Length": "5", "Content-Length": "6"]) == .failure(.conflictingFraming))
        #expect(Self.request(["Content-Length": "5, 6"]) == .failure(.conflictingFraming))
    }

    @Test(arguments: ["", "-1", "+5", "5x", "0x10", "1 2", "5,", "9223372036854775808", "99999999999999999999"])
    func request_withInvalidContentLength_fails(value: String) {
        #expect(Self.request(["Content-Length": value]) == .failure(.invalidContentLength))
    }

    @Test func request_withChunked_isChunked() {
        #expect(Self.request(["Transfer-Encoding": "chunked"]) == .success(.chunked))
        #expect(Self.request(["Transfer-Encoding": " Chunked "]) == .success(.chunked))
    }

    @Test func request_withBothFramings_conflicts() {
        #expect(Self.request(["Transfer-Encoding": "chunked", "Content-Length": "5"]) == .failure(.conflictingFraming))
    }

    @Test func request_withTransferEncodingInHTTP10_conflicts() {
        #expect(Self.request(["Transfer-Encoding": "chunked"], version: .http1_0) == .failure(.conflictingFraming))
    }

    @Test(arguments: ["gzip", "gzip, chunked", "chunked, gzip", "chunked, chunked", "", "identity"])
    func request_withOtherTransferCodings_isUnsupported(value: String) {
        #expect(Self.request(["Transfer-Encoding": value]) == .failure(.unsupportedTransferEncoding))
    }

    @Test func request_withTransferEncodingSplitOverFields_readsThemAll() {
        #expect(Self.request(["Transfer-Encoding": "gzip", "Transfer-Encoding": "chunked"]) == .failure(.unsupportedTransferEncoding))
    }

    @Test func response_toHEAD_orWith1xx204or304_hasNoBody() {
        let framed: HeaderFields = ["Content-Length": "10"]
        #expect(Self.response(200, framed, method: .head) == .success(.none))
        #expect(Self.response(404, ["Transfer-Encoding": "chunked"], method: .head) == .success(.none))
        for status in [100, 101, 103, 204, 304] {
            #expect(Self.response(status, framed) == .success(.none), "\(status)")
        }
        #expect(Self.response(200, framed, method: .connect) == .success(.none))
        #expect(Self.response(407, framed, method: .connect) == .success(.contentLength(10)))
    }

    @Test func response_isChunked_thenContentLength_elseUntilClose() {
        #expect(Self.response(200, ["Transfer-Encoding": "chunked"]) == .success(.chunked))
        #expect(Self.response(200, ["Transfer-Encoding": "chunked", "Content-Length": "3"]) == .success(.chunked))
        #expect(Self.response(200, ["Content-Length": "3"]) == .success(.contentLength(3)))
        #expect(Self.response(200) == .success(.untilClose))
        #expect(Self.response(200, version: .http1_0) == .success(.untilClose))
    }

    @Test func response_withBadFraming_fails() {
        #expect(Self.response(200, ["Content-Length": "x"]) == .failure(.invalidContentLength))
        #expect(Self.response(200, ["Content-Length": "1", "Content-Length": "2"]) == .failure(.conflictingFraming))
        #expect(Self.response(200, ["Transfer-Encoding": "gzip"]) == .failure(.unsupportedTransferEncoding))
        #expect(Self.response(200, ["Transfer-Encoding": "chunked"], version: .http1_0) == .failure(.conflictingFraming))
    }
}

import Testing
@testable import NetworkCore

@Suite struct HTTPResponseHeadTests {
    @Test func reason_defaultsToTheStandardPhrase() {
        #expect(HTTPResponseHead(status: 404).reason == "Not Found")
        #expect(HTTPResponseHead(status: 404, reason: "Nope").reason == "Nope")
    }

    @Test func keepAlive_followsVersionAndConnection() {
        #expect(HTTPResponseHead(status: 200).keepAlive)
        #expect(!HTTPResponseHead(status: 200, headers: ["Connection": "close"]).keepAlive)
        #expect(!HTTPResponseHead(status: 200, version: .http1_0).keepAlive)
        #expect(HTTPResponseHead(status: 200, version: .http1_0, headers: ["Connection": "keep-alive"]).keepAlive)
    }

    @Test func serialized_writesTheStatusLineHeadersAndEmptyLine() {
        let head = HTTPResponseHead(status: 200, headers: ["Content-Length": "5"])
        #expect(String(decoding: head.serialized(), as: UTF8.self) == "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")
    }

    @Test func serialized_parsesBackToTheSameHead() throws {
        let head = HTTPResponseHead(status: 503, reason: "Try Later", headers: ["Retry-After": "1"])
        var parser = HTTPHeadParser()
        let bytes = head.serialized()
        let parsed = try #require(try bytes.withUnsafeBytes { try parser.parseResponse($0) })
        #expect(parsed.head == head)
    }
}

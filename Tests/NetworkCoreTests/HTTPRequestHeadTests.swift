import Testing
@testable import NetworkCore

@Suite struct HTTPRequestHeadTests {
    @Test func pathAndQuery_splitAtTheFirstQuestionMark_stayEncoded() {
        let head = HTTPRequestHead(method: .get, target: "/a%20b?x=1?y&z=%41")
        #expect(head.path == "/a%20b")
        #expect(head.query == "x=1?y&z=%41")
        #expect(HTTPRequestHead(method: .get, target: "/plain").query == nil)
        #expect(HTTPRequestHead(method: .get, target: "/empty?").query == "")
    }

    @Test func absoluteFormTarget_hasTheOriginFormPath() {
        #expect(HTTPRequestHead(method: .get, target: "http://h:80/a/b?q").path == "/a/b")
        #expect(HTTPRequestHead(method: .get, target: "HTTPS://h").path == "/")
        #expect(HTTPRequestHead(method: .get, target: "http://h?q").path == "/")
        #expect(HTTPRequestHead(method: .get, target: "http://h?q").query == "q")
        #expect(HTTPRequestHead(method: .options, target: "*").path == "*")
    }

    @Test func keepAlive_followsVersionAndConnection() {
        #expect(HTTPRequestHead(method: .get, target: "/").keepAlive)
        #expect(!HTTPRequestHead(method: .get, target: "/", headers: ["Connection": "Close"]).keepAlive)
        #expect(!HTTPRequestHead(method: .get, target: "/", version: .http1_0).keepAlive)
        #expect(HTTPRequestHead(method: .get, target: "/", version: .http1_0, headers: ["Connection": "Keep-Alive"]).keepAlive)
        #expect(!HTTPRequestHead(method: .get, target: "/", version: .http1_0, headers: ["Connection": "keep-alive, close"]).keepAlive)
    }

    @Test func expectsContinue_onlyFor100Continue_inHTTP11() {
        #expect(HTTPRequestHead(method: .put, target: "/", headers: ["Expect": "100-Continue"]).expectsContinue)
        #expect(!HTTPRequestHead(method: .put, target: "/", headers: ["Expect": "something"]).expectsContinue)
        #expect(!HTTPRequestHead(method: .put, target: "/").expectsContinue)
        #expect(!HTTPRequestHead(method: .put, target: "/", version: .http1_0, headers: ["Expect": "100-continue"]).expectsContinue)
    }

    @Test func serialized_writesTheRequestLineHeadersAndEmptyLine() {
        let head = HTTPRequestHead(method: .post, target: "/up?x=1", headers: ["Host": "127.0.0.1:80", "Content-Length": "3"])
        #expect(String(decoding: head.serialized(), as: UTF8.self)
            == "POST /up?x=1 HTTP/1.1\r\nHost: 127.0.0.1:80\r\nContent-Length: 3\r\n\r\n")
    }

    @Test func serialized_neutralizesLineBreaksInValues() {
        let head = HTTPRequestHead(method: .get, target: "/", headers: ["X": "a\r\nInjected: 1"])
        #expect(String(decoding: head.serialized(), as: UTF8.self) == "GET / HTTP/1.1\r\nX: a  Injected: 1\r\n\r\n")
    }

    @Test func serialized_parsesBackToTheSameHead() throws {
        let head = HTTPRequestHead(method: "PATCH", target: "/a?b=c", version: .http1_0, headers: ["A": "1", "a": "2"])
        var parser = HTTPHeadParser()
        let bytes = head.serialized()
        let parsed = try #require(try bytes.withUnsafeBytes { try parser.parseRequest($0) })
        #expect(parsed.head == head)
        #expect(parsed.consumed == bytes.count)
    }
}

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

    @Test func serializedSetting_replacesTheFirstFieldOfEachName_dropsItsRepeats_andAppendsTheRest() {
        let head = HTTPResponseHead(status: 200, headers: [
            "Content-Type": "a", "content-length": "5", "X": "1", "Content-Length": "6", "Connection": "keep-alive",
        ])
        let text = String(decoding: head.serialized(setting: [
            ("Content-Length", "10"), ("Date", "D"), ("Connection", "close"),
        ]), as: UTF8.self)
        #expect(text == "HTTP/1.1 200 OK\r\nContent-Type: a\r\nContent-Length: 10\r\nX: 1\r\nConnection: close\r\nDate: D\r\n\r\n")
        let bare = HTTPResponseHead(status: 204)
        #expect(String(decoding: bare.serialized(setting: [("Server", "S"), ("Date", "D")]), as: UTF8.self)
            == "HTTP/1.1 204 No Content\r\nServer: S\r\nDate: D\r\n\r\n")
        #expect(head.serialized(setting: []) == head.serialized())
    }

    @Test func serializedSetting_writesWhatSettingEachFieldOnACopyWrites() {
        // Beyond 64 settings the fields are copied and set one by one: both paths agree.
        let base: HeaderFields = ["A": "1", "b": "2", "A": "3"]
        var many: [HeaderFields.Element] = [("a", "x"), ("C", "y")]
        many += (0..<70).map { ("X-\($0)", "\($0)") }
        var copy = base
        for (name, value) in many { copy.set(name, value) }
        #expect(HTTPResponseHead(status: 200, headers: base).serialized(setting: many)
            == HTTPResponseHead(status: 200, headers: copy).serialized())
        #expect(HTTPResponseHead(status: 200, headers: base).serialized(setting: Array(many.prefix(2)))
            == Array("HTTP/1.1 200 OK\r\na: x\r\nb: 2\r\nC: y\r\n\r\n".utf8))
    }

    @Test func serialized_parsesBackToTheSameHead() throws {
        let head = HTTPResponseHead(status: 503, reason: "Try Later", headers: ["Retry-After": "1"])
        var parser = HTTPHeadParser()
        let bytes = head.serialized()
        let parsed = try #require(try bytes.withUnsafeBytes { try parser.parseResponse($0) })
        #expect(parsed.head == head)
    }
}

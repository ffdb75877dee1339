@testable import MockServer
import Testing

/// Echo.swift: httpbin's view of a request.
@Suite struct EchoTests {
    @Test func titleCased_capitalizesAfterEachNonLetter() {
        #expect(Echo.titleCased("x-api-KEY") == "X-Api-Key")
        #expect(Echo.titleCased("user-agent") == "User-Agent")
        #expect(Echo.titleCased("x1y") == "X1Y")
    }

    @Test func headers_hideTheHostingProxysFields_unlessShowEnvIsAsked() {
        let request = MockServer.Request(method: .get, path: "/get", headers: ["x-forwarded-for": "10.0.0.1", "Via": "proxy", "Accept": "*/*"])
        #expect(Echo(request: request).headers == ["Accept": "*/*"])
        var shown = request
        shown.query = [("show_env", "1")]
        #expect(Echo(request: shown).headers.keys.sorted() == ["Accept", "Via", "X-Forwarded-For"])
        #expect(Echo(request: request).origin == "10.0.0.1")
    }

    @Test func object_reportsTextAsDataAndBinaryAsADataURL() {
        let text = MockServer.Request(method: .post, path: "/post", body: Array("hi".utf8))
        #expect(Echo(request: text).object([.data])["data"] as? String == "hi")
        let binary = MockServer.Request(method: .post, path: "/post", body: [0xff, 0x00])
        #expect(Echo(request: binary).object([.data])["data"] as? String == "data:application/octet-stream;base64,/wA=")
    }

    @Test func semiflatten_keepsRepeatedNamesAsLists() {
        let flat = Echo.semiflatten([("a", "1"), ("b", "2"), ("b", "3")])
        #expect(flat["a"] as? String == "1")
        #expect(flat["b"] as? [String] == ["2", "3"])
    }
}

import Foundation
@testable import MockServer
import Testing

/// HTTPBin.swift and the groups' pure parts: routing with 405, redirect confinement, httpbin's
/// range reading, cookies, and handlers called directly.
@Suite struct HTTPBinTests {
    @Test func route_findsTheEndpoint_andItsParameters() throws {
        let (_, parameters) = try #require(HTTPBin.route(method: .get, path: "/digest-auth/auth/u/p/SHA-256"))
        #expect(parameters == ["qop": "auth", "user": "u", "passwd": "p", "algorithm": "SHA-256"])
        #expect(HTTPBin.route(method: .get, path: "/nowhere") == nil)
    }

    @Test func route_answers405WithAllow_forAMethodThePathDoesNotTake() async throws {
        let (route, _) = try #require(HTTPBin.route(method: .post, path: "/get"))
        let response = try await route.handler(MockServer.Request(method: .post, path: "/get"))
        #expect(response.status == 405)
        #expect(response.headers["Allow"] == "GET, HEAD, OPTIONS")
    }

    @Test(arguments: [
        ("/get", true), ("get", true), ("/a?b=http://elsewhere", true), ("http://127.0.0.1:8080/get", true),
        ("HTTP://127.0.0.1:8080", true), ("http://127.0.0.1:8081/get", false), ("https://127.0.0.1:8080/", false),
        ("//example.com/", false), ("\\\\example.com", false), ("http://example.com/", false),
        ("javascript:alert(1)", false), ("http://127.0.0.1:8080@example.com/", false),
        // A browser reads `\` as `/` in an http URL: each of these goes to example.com.
        ("/\\example.com", false), ("\\/example.com", false), ("http:\\\\example.com", false),
    ])
    func redirectTo_staysOnThisServer(url: String, allowed: Bool) {
        #expect(HTTPBinRedirects.isOnThisServer(url, host: "127.0.0.1:8080") == allowed)
    }

    @Test func redirectTo_refusesAnotherHost_with400() async {
        let request = MockServer.Request(method: .get, path: "/redirect-to", query: [("url", "http://example.com/")], headers: ["Host": "127.0.0.1:1"])
        let response = await HTTPBinRedirects.redirectTo(request)
        #expect(response.status == 400)
        #expect(response.headers["Location"] == nil)
    }

    /// Browsers drop tabs and newlines inside a URL and spaces and controls at its ends:
    /// `/\t/example.com` would leave as `//example.com`.
    @Test(arguments: ["/\t/example.com", " //example.com", "/get\n", "/a b"])
    func redirectTo_refusesSpacesAndControls_with400(url: String) async {
        let request = MockServer.Request(method: .get, path: "/redirect-to", query: [("url", url)], headers: ["Host": "127.0.0.1:1"])
        let response = await HTTPBinRedirects.redirectTo(request)
        #expect(response.status == 400)
        #expect(response.headers["Location"] == nil)
        guard case .bytes(let body) = response.body else { Issue.record("not bytes"); return }
        #expect(String(decoding: body, as: UTF8.self).contains("holds a space or a control character"))
    }

    @Test func byteRange_readsRangesAsHttpbinDoes() {
        #expect(HTTPBinStreams.byteRange(nil, size: 50) == (0, 49))
        #expect(HTTPBinStreams.byteRange("bytes=10-19", size: 50) == (10, 19))
        #expect(HTTPBinStreams.byteRange("bytes=-5", size: 50) == (45, 49))
        #expect(HTTPBinStreams.byteRange("bytes=45-", size: 50) == (45, 49))
        #expect(HTTPBinStreams.byteRange("items=1-2", size: 50) == (0, 49))
    }

    @Test func cookies_parseAndSet() {
        #expect(Cookies.parse(["Cookie": "a=1; b=\"two\"; =x", "cookie": "c=3"]) == ["a": "1", "b": "two", "c": "3"])
        #expect(Cookies.set("k", "v") == "k=v; Path=/")
        #expect(Cookies.set("k", "a b") == "k=\"a b\"; Path=/")
        #expect(Cookies.delete("k").hasPrefix("k=; Expires=Thu, 01 Jan 1970"))
    }

    @Test func uuid_isAVersion4UUID_differentPerOrdinal_sameInEveryRun() {
        let first = HTTPBinEcho.uuid(seed: 1, ordinal: 0)
        #expect(first.wholeMatch(of: /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/) != nil)
        #expect(first == HTTPBinEcho.uuid(seed: 1, ordinal: 0))
        #expect(first != HTTPBinEcho.uuid(seed: 1, ordinal: 1))
    }

    @Test func base64_decodesURLSafeText_andHintsOtherwise() {
        #expect(HTTPBinEncodings.decodeBase64("SFRUUEJJTiBpcyBhd2Vzb21l") == "HTTPBIN is awesome")
        #expect(HTTPBinEncodings.decodeBase64("w6lnYWw_") == "égal?")
        #expect(HTTPBinEncodings.decodeBase64("abc").hasPrefix("Incorrect Base64 data"))
    }

    @Test func responseHeaders_listsItsOwnLength() async throws {
        let request = MockServer.Request(method: .get, path: "/response-headers", query: [("X-A", "1"), ("Content-Length", "9")])
        let response = await HTTPBinCookiesAndCaching.responseHeaders(request)
        guard case .bytes(let body) = response.body else { Issue.record("not bytes"); return }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: String])
        #expect(object["Content-Length"] == String(body.count))
        #expect(object["X-A"] == "1")
        #expect(response.headers["X-A"] == "1")
        #expect(response.headers.values(for: "Content-Length").isEmpty)
    }

    @Test func statusWeights_giveTheSameSequence_onTwoServersWithOneSeed() async throws {
        func sequence(seed: UInt64) async throws -> [Int] {
            try await withMockServer(.init(seed: seed)) { server in
                var codes: [Int] = []
                for _ in 0..<24 { codes.append(try await server.get("/status/200,500:2,503").status) }
                return codes
            }
        }
        let first = try await sequence(seed: 11)
        #expect(try await sequence(seed: 11) == first)
        #expect(Set(first) == [200, 500, 503])
        #expect(try await sequence(seed: 12) != first)
    }

    @Test func images_areWhatTheirTypesSay() {
        #expect(HTTPBinImages.png.starts(with: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
        #expect(HTTPBinImages.jpeg.starts(with: [0xff, 0xd8, 0xff]) && HTTPBinImages.jpeg.suffix(2) == [0xff, 0xd9])
        #expect(HTTPBinImages.webp.starts(with: Array("RIFF".utf8)) && Array(HTTPBinImages.webp[8..<12]) == Array("WEBP".utf8))
        #expect(String(decoding: HTTPBinImages.svg, as: UTF8.self).contains("<svg"))
    }
}

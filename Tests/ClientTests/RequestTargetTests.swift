import Foundation
import Testing
@testable import NetworkLabClient

@Suite struct RequestTargetTests {
    @Test func httpURL_givesHostPortTargetAndHostHeader() throws {
        let target = try RequestTarget(URL(string: "http://127.0.0.1:8080/a%20b?x=1#frag")!)
        #expect(target.host == "127.0.0.1" && target.port == 8080)
        #expect(target.target == "/a%20b?x=1" && target.hostHeader == "127.0.0.1:8080")
        #expect(target.authority == "127.0.0.1:8080")
    }

    @Test func defaultPortAndEmptyPath_areFilledIn() throws {
        let target = try RequestTarget(URL(string: "HTTP://Example.com")!)
        #expect(target.port == 80 && target.target == "/" && target.hostHeader == "Example.com")
    }

    @Test func ipv6Host_isBracketedOnlyInHeaders() throws {
        let target = try RequestTarget(URL(string: "http://[::1]:9000/x")!)
        #expect(target.host == "::1" && target.hostHeader == "[::1]:9000" && target.authority == "[::1]:9000")
    }

    @Test func otherSchemesAndMissingHosts_areRefused() {
        #expect(throws: DownloadError.unsupportedScheme("https")) { try RequestTarget(URL(string: "https://example.com/")!) }
        #expect(throws: DownloadError.unsupportedScheme("ftp")) { try RequestTarget(URL(string: "ftp://example.com/")!) }
        #expect(throws: DownloadError.invalidURL("http:///x")) { try RequestTarget(URL(string: "http:///x")!) }
        #expect(throws: DownloadError.invalidURL("/relative")) { try RequestTarget(URL(string: "/relative")!) }
        #expect(throws: DownloadError.invalidURL("http://h:0/")) { try RequestTarget(URL(string: "http://h:0/")!) }
    }

    /// The message says what is wrong where it can: a port out of range, a missing host.
    @Test func invalidURLs_sayWhatIsWrong() {
        #expect(DownloadError.invalidURL("http://127.0.0.1:99999/").description == "invalid URL http://127.0.0.1:99999/: port 99999 is out of range; use 1 to 65535")
        #expect(DownloadError.invalidURL("http://h:0/").description == "invalid URL http://h:0/: port 0 is out of range; use 1 to 65535")
        #expect(DownloadError.invalidURL("http:///x").description == "invalid URL http:///x: it names no host; expected http://host[:port]/path")
        #expect(DownloadError.invalidURL("/relative").description == "invalid URL /relative: it names no host; expected http://host[:port]/path")
    }
}

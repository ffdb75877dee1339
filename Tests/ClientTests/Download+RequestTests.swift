import Foundation
import NetworkCore
import Testing
@testable import NetworkLabClient

/// What a download sends: any method, a body with its length, driven by hand.
@Suite struct DownloadRequestBytesTests {
    static let url = URL(string: "http://127.0.0.1:8080/items")!

    func firstRequest(_ request: DownloadRequest) throws -> String {
        var download = try Download(request, configuration: ClientConfiguration(), canRestart: true, progress: nil, now: DownloadTests.t0)
        guard case .send(let attempt) = download.nextStep(now: DownloadTests.t0) else { throw DownloadError.cancelled }
        return String(decoding: attempt.request, as: UTF8.self)
    }

    @Test func post_sendsItsBody_withItsLength_replacingTheCallersFraming() throws {
        var headers: HeaderFields = ["Content-Type": "application/json", "Content-Length": "999", "Transfer-Encoding": "chunked"]
        headers.add("X-Trace", "1")
        let text = try firstRequest(DownloadRequest(url: Self.url, method: .post, headers: headers, body: Data("{}".utf8)))
        #expect(text.hasPrefix("POST /items HTTP/1.1\r\n"))
        #expect(text.contains("Content-Length: 2\r\n") && !text.contains("999") && !text.contains("chunked"))
        #expect(text.hasSuffix("\r\n\r\n{}"))
    }

    @Test func anyTokenMethod_isSentAsItIs() throws {
        #expect(try firstRequest(DownloadRequest(url: Self.url, method: "PROPFIND")).hasPrefix("PROPFIND /items HTTP/1.1\r\n"))
        #expect(try !firstRequest(DownloadRequest(url: Self.url, method: .delete)).contains("Content-Length"))
    }

    @Test(arguments: ["", "GE T", "GET\r\nX: y", "ÉTÉ"])
    func methodThatIsNotAToken_isRefusedBeforeSending(method: String) {
        #expect {
            _ = try firstRequest(DownloadRequest(url: Self.url, method: RequestMethod(rawValue: method)))
        } throws: { error in
            guard case .invalidRequest(let reason) = error as? DownloadError else { return false }
            return reason.contains("not a token")
        }
    }

    /// As curl and Python's requests do; the URL's user and password are percent-decoded.
    @Test func urlCredentials_goAsBasicAuthorization_unlessTheRequestSetsItsOwn() throws {
        let url = try #require(URL(string: "http://us%40er:p%3Ass@127.0.0.1:8080/items"))
        let text = try firstRequest(DownloadRequest(url: url))
        #expect(text.contains("Authorization: Basic \(Data("us@er:p:ss".utf8).base64EncodedString())\r\n"))
        #expect(text.contains("Host: 127.0.0.1:8080\r\n"))
        let own = try firstRequest(DownloadRequest(url: url, headers: ["Authorization": "Bearer t"]))
        #expect(own.contains("Authorization: Bearer t\r\n") && !own.contains("Basic"))
        #expect(try !firstRequest(DownloadRequest(url: Self.url)).contains("Authorization"))
    }

    @Test func headerWithALineBreak_isRefused() {
        #expect(throws: DownloadError.invalidRequest("header X-A holds a line break or NUL")) {
            _ = try firstRequest(DownloadRequest(url: Self.url, headers: ["X-A": "1\r\nX-B: 2"]))
        }
    }
}

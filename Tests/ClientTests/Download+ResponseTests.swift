import Foundation
import NetworkCore
import Testing
@testable import NetworkLabClient

/// How a download reads a response, driven by hand: a head in pieces; an error answer's body
/// start, which travels in `.httpStatus`, bounded.
@Suite struct DownloadResponseTests {
    let tests = DownloadTests()

    /// Feeds `text` one byte per read (a 1-byte read buffer, a head split by the network);
    /// returns the body delivered and the read at which the response was done, if it was.
    func feedByteByByte(_ download: inout Download, _ text: String) throws(DownloadError) -> (body: String, doneAt: Int?) {
        var body = ""
        for (index, byte) in text.utf8.enumerated() {
            let (delivery, bytes) = try tests.feed(&download, String(decoding: [byte], as: UTF8.self))
            body += bytes
            if delivery.isDone { return (body, index) }
        }
        return (body, nil)
    }

    @Test func headInPieces_isReadOn_untilTheBodyIsWhole() throws {
        var download = try tests.makeDownload()
        _ = tests.nextRequest(&download)
        let response = DownloadTests.resumable + "0123456789"
        let (body, doneAt) = try feedByteByByte(&download, response)
        #expect(body == "0123456789" && doneAt == response.utf8.count - 1)
        guard case .finish(let result) = download.nextStep(now: DownloadTests.t0) else { Issue.record("not finished"); return }
        #expect(result.bytes == 10 && result.attempts == 1)
    }

    @Test func redirectHeadInPieces_endsTheAttemptOnlyOnceWhole() throws {
        var download = try tests.makeDownload()
        _ = tests.nextRequest(&download)
        let redirect = "HTTP/1.1 302 Found\r\nLocation: /moved\r\nContent-Length: 0\r\n\r\n"
        let (_, doneAt) = try feedByteByByte(&download, redirect)
        #expect(doneAt == redirect.utf8.count - 1)
        let request = try #require(tests.nextRequest(&download))
        #expect(request.hasPrefix("GET /moved HTTP/1.1\r\n") && download.attempts == 1)
    }

    @Test func errorStatus_carriesItsBody() throws {
        var download = try tests.makeDownload(retry: .none)
        _ = tests.nextRequest(&download)
        let reason = #"bad size "abc": a size looks like 4096, 10MB or 1.5GiB"#
        #expect(throws: DownloadError.httpStatus(400, body: reason)) {
            _ = try tests.feed(&download, "HTTP/1.1 400 Bad Request\r\nContent-Length: \(reason.utf8.count)\r\n\r\n\(reason)")
        }
        #expect(DownloadError.httpStatus(400, body: reason).description.hasSuffix(#"("bad size "abc": a size looks like 4096, 10MB or 1.5GiB")"#))
    }

    @Test func errorBody_inSeveralReads_isGathered_untilItsEnd() throws {
        var download = try tests.makeDownload(retry: .none)
        _ = tests.nextRequest(&download)
        let (delivery, _) = try tests.feed(&download, "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot ")
        #expect(!delivery.isDone && delivery.body.isEmpty)
        #expect(throws: DownloadError.httpStatus(404, body: "not here!")) { _ = try tests.feed(&download, "here!") }
    }

    @Test func longErrorBody_isCutAtTheBound_withoutReadingTheRest() throws {
        var download = try tests.makeDownload(retry: .none)
        _ = tests.nextRequest(&download)
        let page = String(repeating: "x", count: 10_000)
        #expect(throws: DownloadError.httpStatus(500, body: String(repeating: "x", count: DownloadError.maxBodyExcerpt))) {
            _ = try tests.feed(&download, "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 1000000\r\n\r\n\(page)")
        }
    }

    @Test func connectionLost_whileReadingAnErrorBody_stillReportsTheStatus() throws {
        var download = try tests.makeDownload(retry: .none)
        _ = tests.nextRequest(&download)
        _ = try tests.feed(&download, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 100\r\n\r\nbusy")
        tests.fail(&download, .reset(received: 0))
        guard case .fail(let error) = download.nextStep(now: DownloadTests.t0) else { Issue.record("not failed"); return }
        #expect(error == .httpStatus(503, body: "busy"))
    }

    @Test func bodyEndingWithTheConnection_endsTheExcerpt() throws {
        var download = try tests.makeDownload(retry: .none)
        _ = tests.nextRequest(&download)
        _ = try tests.feed(&download, "HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\n\r\nupstream down")
        #expect(throws: DownloadError.httpStatus(502, body: "upstream down")) { try download.receiveEnd(now: DownloadTests.t0) }
    }
}

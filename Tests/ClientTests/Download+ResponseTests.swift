import Foundation
import NetworkCore
import Testing
@testable import NetworkLabClient

/// An error answer's body start travels in `.httpStatus`, bounded, driven by hand.
@Suite struct DownloadResponseTests {
    let tests = DownloadTests()

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

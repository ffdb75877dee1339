import Foundation
import NetworkCore
import Testing
@testable import NetworkLabClient

/// The shared protocol core, driven by hand with literal instants: no sockets, no sleeping.
@Suite struct DownloadTests {
    static let url = URL(string: "http://127.0.0.1:8080/file")!
    static let t0 = Instant(seconds: 100)

    /// A download with no jitter and quick, round backoff.
    func makeDownload(
        canRestart: Bool = true, retry: RetryPolicy = RetryPolicy(maxAttempts: 3, initialBackoff: .seconds(1), jitter: 0),
        configure: (inout ClientConfiguration) -> Void = { _ in },
        progress: (@Sendable (DownloadProgress) -> Void)? = nil
    ) throws -> Download {
        var configuration = ClientConfiguration()
        configuration.retry = retry
        configure(&configuration)
        return try Download(DownloadRequest(url: Self.url), configuration: configuration, canRestart: canRestart, progress: progress, now: Self.t0)
    }

    /// The request the next step sends, as text.
    func nextRequest(_ download: inout Download, at now: Instant = t0) -> String? {
        guard case .send(let attempt) = download.nextStep(now: now) else { return nil }
        download.connected(now: now, reused: false)
        return String(decoding: attempt.request, as: UTF8.self)
    }

    /// Feeds `text` as one read; returns the delivery and its body bytes.
    func feed(_ download: inout Download, _ text: String, at now: Instant = t0) throws(DownloadError) -> (Download.Delivery, String) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: text.utf8.count, alignment: 1)
        defer { buffer.deallocate() }
        buffer.copyBytes(from: text.utf8)
        let delivery = try download.receive(buffer, now: now)
        return (delivery, String(decoding: buffer[delivery.body], as: UTF8.self))
    }

    /// Fails the current attempt with `error`, as a client would.
    func fail(_ download: inout Download, _ error: DownloadError, at now: Instant = t0) {
        download.attemptFailed(error, now: now)
    }

    static let resumable = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\nETag: \"v1\"\r\nAccept-Ranges: bytes\r\n\r\n"

    @Test func firstRequest_isAPlainGETWithHostAndNoRange() throws {
        var download = try makeDownload()
        let request = try #require(nextRequest(&download))
        #expect(request.hasPrefix("GET /file HTTP/1.1\r\n"))
        #expect(request.contains("Host: 127.0.0.1:8080\r\n"))
        #expect(request.contains("User-Agent: NetworkLab-Client/1.0\r\n"))
        #expect(!request.contains("Range"))
        #expect(!request.contains("Want-Repr-Digest"))
    }

    @Test func requestDigest_asksForSHA256_andKeepAliveOff_closes() throws {
        var download = try makeDownload { $0.requestDigest = true; $0.keepAlive = false }
        let request = try #require(nextRequest(&download))
        #expect(request.contains("Want-Repr-Digest: sha-256=1\r\n"))
        #expect(request.contains("Connection: close\r\n"))
    }

    @Test func completeBody_finishesWithTheResult() throws {
        var download = try makeDownload()
        _ = nextRequest(&download)
        let (delivery, body) = try feed(&download, Self.resumable + "0123456789", at: Self.t0 + .milliseconds(30))
        #expect(body == "0123456789")
        #expect(delivery.isDone && delivery.offset == 0)
        #expect(delivery.start == BodyStart(restart: false, validator: "\"v1\"", validatorChanged: true, expectedLength: 10))
        #expect(download.connectionIsReusable)
        guard case .finish(let result) = download.nextStep(now: Self.t0 + .milliseconds(50)) else { Issue.record("not finished"); return }
        #expect(result.bytes == 10 && result.attempts == 1 && !result.resumed && result.response.status == 200)
        #expect(result.timings.timeToFirstByte == .milliseconds(30))
        #expect(result.timings.total == .milliseconds(50))
    }

    @Test func truncatedBody_withStrongETag_resumesWithRangeAndIfRange_afterTheBackoff() throws {
        var download = try makeDownload()
        _ = nextRequest(&download)
        _ = try feed(&download, Self.resumable + "0123")
        #expect(throws: DownloadError.truncated(expected: 10, received: 4)) { try download.receiveEnd(now: Self.t0) }
        fail(&download, .truncated(expected: 10, received: 4))
        guard case .wait(let until) = download.nextStep(now: Self.t0) else { Issue.record("no backoff"); return }
        #expect(until == Self.t0 + .seconds(1))
        let request = try #require(nextRequest(&download, at: until))
        #expect(request.contains("Range: bytes=4-\r\n"))
        #expect(request.contains("If-Range: \"v1\"\r\n"))
        let (delivery, body) = try feed(&download, "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 4-9/10\r\nContent-Length: 6\r\n\r\n456789")
        #expect(body == "456789" && delivery.offset == 4 && delivery.start?.restart == false)
        guard case .finish(let result) = download.nextStep(now: until) else { Issue.record("not finished"); return }
        #expect(result.bytes == 10 && result.attempts == 2 && result.resumed && result.response.status == 206)
    }

    @Test func truncatedBody_withWeakETag_restartsFromZero() throws {
        var download = try makeDownload(retry: RetryPolicy(maxAttempts: 2, initialBackoff: .zero))
        _ = nextRequest(&download)
        _ = try feed(&download, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\nETag: W/\"v1\"\r\nAccept-Ranges: bytes\r\n\r\n0123")
        fail(&download, .truncated(expected: 10, received: 4))
        let request = try #require(nextRequest(&download))
        #expect(!request.contains("Range"))
        let (delivery, _) = try feed(&download, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789")
        #expect(delivery.start?.restart == true && delivery.offset == 0)
    }

    @Test func answer200ToARangeRequest_restartsAMemoryDownload_butFailsASink() throws {
        for canRestart in [true, false] {
            var download = try makeDownload(canRestart: canRestart)
            _ = nextRequest(&download)
            _ = try feed(&download, Self.resumable + "0123")
            fail(&download, .reset(received: 4))
            _ = download.nextStep(now: Self.t0)
            #expect(nextRequest(&download, at: Self.t0 + .seconds(1))?.contains("Range: bytes=4-") == true)
            let changed = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\nETag: \"v2\"\r\nAccept-Ranges: bytes\r\n\r\nabcdefghij"
            if canRestart {
                let (delivery, body) = try feed(&download, changed)
                #expect(delivery.start == BodyStart(restart: true, validator: "\"v2\"", validatorChanged: true, expectedLength: 10))
                #expect(body == "abcdefghij" && delivery.offset == 0)
            } else {
                #expect(throws: DownloadError.representationChanged(offset: 4)) { _ = try feed(&download, changed) }
            }
        }
    }

    @Test func sinkWithoutValidator_isNotRetriedAfterBytesArrived() throws {
        var download = try makeDownload(canRestart: false)
        _ = nextRequest(&download)
        _ = try feed(&download, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123")
        fail(&download, .reset(received: 4))
        guard case .fail(let error) = download.nextStep(now: Self.t0) else { Issue.record("retried"); return }
        #expect(error == .reset(received: 4))
    }

    @Test func status503_withRetryAfter_waitsThatLong() throws {
        var download = try makeDownload()
        _ = nextRequest(&download)
        #expect(throws: DownloadError.httpStatus(503, body: "")) {
            _ = try feed(&download, "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 7\r\nContent-Length: 0\r\n\r\n")
        }
        fail(&download, .httpStatus(503, body: ""))
        guard case .wait(let until) = download.nextStep(now: Self.t0) else { Issue.record("no wait"); return }
        #expect(until == Self.t0 + .seconds(7))
    }

    @Test func status503_withRetryAfterDate_waitsUntilThatDateOnTheServersClock() throws {
        let cases: [(fields: String, wait: Duration?)] = [
            ("Date: Sun, 06 Nov 1994 08:49:37 GMT\r\nRetry-After: Sun, 06 Nov 1994 08:49:49 GMT\r\n", .seconds(12)),
            ("Date: Sun, 06 Nov 1994 08:49:37 GMT\r\nRetry-After: Sun, 06 Nov 1994 08:40:00 GMT\r\n", .zero),
            ("Retry-After: Sun, 06 Nov 1994 08:49:49 GMT\r\n", nil),  // no Date: the backoff
            ("Retry-After: soon\r\n", nil),
            ("Retry-After: -3\r\n", nil),
        ]
        for (fields, wait) in cases {
            var download = try makeDownload(retry: RetryPolicy(maxAttempts: 3, initialBackoff: .seconds(1), jitter: 0))
            _ = nextRequest(&download)
            #expect(throws: DownloadError.httpStatus(503, body: ""), "\(fields)") {
                _ = try feed(&download, "HTTP/1.1 503 Service Unavailable\r\n\(fields)Content-Length: 0\r\n\r\n")
            }
            fail(&download, .httpStatus(503, body: ""))
            switch download.nextStep(now: Self.t0) {
            case .wait(let until): #expect(until == Self.t0 + (wait ?? .seconds(1)), "\(fields)")
            case .send: #expect(wait == .zero, "retried at once for \(fields)")
            default: Issue.record("gave up after \(fields)")
            }
        }
    }

    @Test func retryAfter_longerThanThePolicyAllows_failsAtOnce() throws {
        var download = try makeDownload(retry: RetryPolicy(maxAttempts: 3, maxRetryAfter: .seconds(5)))
        _ = nextRequest(&download)
        #expect(throws: DownloadError.httpStatus(429, body: "")) {
            _ = try feed(&download, "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 60\r\nContent-Length: 0\r\n\r\n")
        }
        fail(&download, .httpStatus(429, body: ""))
        guard case .fail(.httpStatus(429, body: "")) = download.nextStep(now: Self.t0) else { Issue.record("retried"); return }
    }

    @Test func clientErrors_andMalformedResponses_areNotRetried() throws {
        for error in [DownloadError.httpStatus(404, body: ""), .malformedResponse("x"), .digestMismatch(expected: "a", actual: "b"), .cancelled] {
            var download = try makeDownload()
            _ = nextRequest(&download)
            fail(&download, error)
            guard case .fail(let final) = download.nextStep(now: Self.t0) else { Issue.record("retried \(error)"); return }
            #expect(final == error)
        }
    }

    @Test func retries_stopAfterMaxAttempts_withTheLastError() throws {
        var download = try makeDownload(retry: RetryPolicy(maxAttempts: 2, initialBackoff: .zero))
        _ = nextRequest(&download)
        fail(&download, .refused(host: "127.0.0.1", port: 8080))
        _ = nextRequest(&download)
        fail(&download, .emptyReply)
        guard case .fail(.emptyReply) = download.nextStep(now: Self.t0) else { Issue.record("not failed"); return }
        #expect(download.attempts == 2)
    }

    @Test func staleReusedConnection_isRetriedOnceOnAFreshOne_withoutCountingAnAttempt() throws {
        var download = try makeDownload(retry: .none)
        guard case .send = download.nextStep(now: Self.t0) else { Issue.record("no first attempt"); return }
        download.connected(now: Self.t0, reused: true)
        fail(&download, .emptyReply)
        guard case .send(let attempt) = download.nextStep(now: Self.t0) else { Issue.record("not retried"); return }
        #expect(attempt.needsFreshConnection && download.attempts == 1)
        download.connected(now: Self.t0, reused: false)
        fail(&download, .emptyReply)
        guard case .fail(.emptyReply) = download.nextStep(now: Self.t0) else { Issue.record("retried twice"); return }
    }

    @Test func redirect_followsARelativeLocation_withoutSpendingAnAttempt() throws {
        var download = try makeDownload()
        _ = nextRequest(&download)
        let (delivery, _) = try feed(&download, "HTTP/1.1 302 Found\r\nLocation: /moved?x=1\r\nContent-Length: 0\r\n\r\n")
        #expect(delivery.isDone && delivery.start == nil)
        #expect(download.connectionIsReusable)
        let request = try #require(nextRequest(&download))
        #expect(request.hasPrefix("GET /moved?x=1 HTTP/1.1\r\n"))
        #expect(download.url.absoluteString == "http://127.0.0.1:8080/moved?x=1" && download.attempts == 1)
    }

    /// Credentials were sent to whatever host a redirect named (curl's CVE-2022-27776).
    @Test func redirectToAnotherOrigin_dropsCredentials_andTheSameOriginKeepsThem() throws {
        let headers: HeaderFields = ["Authorization": "Bearer secret", "Cookie": "session=1", "X-Trace": "7"]
        var download = try Download(
            DownloadRequest(url: Self.url, headers: headers), configuration: ClientConfiguration(), canRestart: true, progress: nil, now: Self.t0)
        _ = nextRequest(&download)
        _ = try feed(&download, "HTTP/1.1 302 Found\r\nLocation: /same\r\nContent-Length: 0\r\n\r\n")
        let same = try #require(nextRequest(&download))
        #expect(same.contains("Authorization: Bearer secret\r\n") && same.contains("Cookie: session=1\r\n"))
        _ = try feed(&download, "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:9090/other\r\nContent-Length: 0\r\n\r\n")
        let other = try #require(nextRequest(&download))
        #expect(other.hasPrefix("GET /other HTTP/1.1\r\n") && other.contains("X-Trace: 7\r\n"))
        #expect(!other.contains("Authorization") && !other.contains("Cookie"))
        _ = try feed(&download, "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:8080/back\r\nContent-Length: 0\r\n\r\n")
        #expect(try #require(nextRequest(&download)).contains("Authorization: Bearer secret\r\n"))
    }

    @Test func redirects_beyondTheLimit_fail() throws {
        var download = try makeDownload { $0.redirectLimit = 2 }
        for round in 1...3 {
            _ = nextRequest(&download)
            let redirect = "HTTP/1.1 301 Moved\r\nLocation: /r\(round)\r\nContent-Length: 0\r\n\r\n"
            if round < 3 {
                _ = try feed(&download, redirect)
            } else {
                #expect(throws: DownloadError.tooManyRedirects(limit: 2)) { _ = try feed(&download, redirect) }
            }
        }
    }

    @Test func redirectToHTTPS_failsWithTheTLSError() throws {
        var download = try makeDownload()
        _ = nextRequest(&download)
        #expect(throws: DownloadError.unsupportedScheme("https")) {
            _ = try feed(&download, "HTTP/1.1 301 Moved\r\nLocation: https://example.com/\r\nContent-Length: 0\r\n\r\n")
        }
    }

    @Test func httpsURL_failsAtOnce_sayingTLSIsNotSupported() {
        #expect(throws: DownloadError.unsupportedScheme("https")) {
            _ = try Download(DownloadRequest(url: URL(string: "https://127.0.0.1/")!), configuration: ClientConfiguration(), canRestart: true, progress: nil, now: Self.t0)
        }
        #expect(DownloadError.unsupportedScheme("https").description.contains("TLS"))
    }

    @Test func readDeadline_isFirstByteThenIdle_cappedByTotal() throws {
        var download = try makeDownload {
            $0.timeouts = Timeouts(connect: .seconds(1), firstByte: .seconds(2), idle: .seconds(3), total: .seconds(4))
        }
        guard case .send(let attempt) = download.nextStep(now: Self.t0) else { Issue.record("no first attempt"); return }
        #expect(attempt.connectDeadline?.instant == Self.t0 + .seconds(1))
        #expect(attempt.connectDeadline?.error == .timeout(.connect, limit: .seconds(1)))
        download.connected(now: Self.t0 + .milliseconds(500), reused: false)
        #expect(download.readDeadline()?.instant == Self.t0 + .milliseconds(2500))
        #expect(download.readDeadline()?.error == .timeout(.firstByte, limit: .seconds(2)))
        _ = try feed(&download, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0", at: Self.t0 + .milliseconds(600))
        #expect(download.readDeadline()?.instant == Self.t0 + .seconds(3.6))
        _ = try feed(&download, "1", at: Self.t0 + .seconds(2))
        #expect(download.readDeadline()?.instant == Self.t0 + .seconds(4))
        #expect(download.readDeadline()?.error == .timeout(.total, limit: .seconds(4)))
    }

    @Test func totalTimeout_firesEvenWhenBytesKeepArriving() throws {
        var download = try makeDownload { $0.timeouts.total = .seconds(1) }
        _ = nextRequest(&download)
        _ = try feed(&download, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0", at: Self.t0 + .milliseconds(900))
        #expect(throws: DownloadError.timeout(.total, limit: .seconds(1))) {
            _ = try feed(&download, "1", at: Self.t0 + .seconds(1))
        }
    }

    @Test func totalTimeout_passedDuringBackoff_failsWithTheLastError() throws {
        var download = try makeDownload(retry: RetryPolicy(maxAttempts: 3, initialBackoff: .seconds(10), jitter: 0)) {
            $0.timeouts.total = .seconds(5)
        }
        _ = nextRequest(&download)
        fail(&download, .emptyReply)
        guard case .fail(.emptyReply) = download.nextStep(now: Self.t0) else { Issue.record("waited past the total"); return }
    }

    @Test func digest_isVerifiedAcrossAResume() throws {
        let body = Array("0123456789".utf8)
        let header = "sha-256=:\(ReprDigest.base64(SHA256.hash(body))):"
        var download = try makeDownload()
        _ = nextRequest(&download)
        _ = try feed(&download, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\nETag: \"v1\"\r\nAccept-Ranges: bytes\r\nRepr-Digest: \(header)\r\n\r\n01234")
        fail(&download, .reset(received: 5))
        _ = nextRequest(&download, at: Self.t0 + .seconds(1))
        _ = try feed(&download, "HTTP/1.1 206 Partial\r\nContent-Range: bytes 5-9/10\r\nContent-Length: 5\r\nRepr-Digest: \(header)\r\n\r\n56789")
        guard case .finish(let result) = download.nextStep(now: Self.t0 + .seconds(1)) else { Issue.record("not finished"); return }
        #expect(result.digestVerified && result.resumed)
    }

    @Test func digestMismatch_failsAndDiscardsTheStoredBytes() throws {
        let header = "sha-256=:\(ReprDigest.base64(SHA256.hash(Array("something else".utf8)))):"
        var download = try makeDownload()
        _ = nextRequest(&download)
        #expect(throws: DownloadError.self) {
            _ = try feed(&download, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nRepr-Digest: \(header)\r\n\r\nabc")
        }
        #expect(download.discardStoredBytes)
    }

    @Test func range416_dropsTheHeldBytes_andRetriesAtOnceFromZero() throws {
        var download = try makeDownload(retry: RetryPolicy(maxAttempts: 3, initialBackoff: .seconds(10)))
        download.resume(from: PartFile.Prefix(length: 10, validator: "\"v1\"", digest: nil))
        #expect(nextRequest(&download)?.contains("Range: bytes=10-") == true)
        #expect(throws: DownloadError.httpStatus(416, body: "")) {
            _ = try feed(&download, "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */10\r\nContent-Length: 0\r\n\r\n")
        }
        fail(&download, .httpStatus(416, body: ""))
        let request = try #require(nextRequest(&download))
        #expect(!request.contains("Range"))
        let (delivery, _) = try feed(&download, Self.resumable + "0123456789")
        #expect(delivery.start?.restart == true)
    }

    @Test func emptyReply_andHeadCutShort_areTellingErrors() throws {
        var download = try makeDownload()
        _ = nextRequest(&download)
        #expect(throws: DownloadError.emptyReply) { try download.receiveEnd(now: Self.t0) }
        var cut = try makeDownload()
        _ = nextRequest(&cut)
        _ = try feed(&cut, "HTTP/1.1 200 OK\r\nContent-")
        #expect(throws: DownloadError.malformedResponse("the connection closed inside the response head")) {
            try cut.receiveEnd(now: Self.t0)
        }
    }

    @Test func bodyUntilClose_endsAtEndOfStream_andClosesTheConnection() throws {
        var download = try makeDownload()
        _ = nextRequest(&download)
        _ = try feed(&download, "HTTP/1.0 200 OK\r\n\r\nabc")
        try download.receiveEnd(now: Self.t0)
        #expect(!download.connectionIsReusable)
        guard case .finish(let result) = download.nextStep(now: Self.t0) else { Issue.record("not finished"); return }
        #expect(result.bytes == 3)
    }

    @Test func progress_isThrottled_andEndsWithACompleteReport() throws {
        let reports = Reports()
        var download = try makeDownload(progress: { reports.append($0) })
        _ = nextRequest(&download)
        _ = try feed(&download, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\na", at: Self.t0 + .milliseconds(10))
        _ = try feed(&download, "b", at: Self.t0 + .milliseconds(20))
        _ = try feed(&download, "c", at: Self.t0 + .milliseconds(70))
        _ = try feed(&download, "d", at: Self.t0 + .milliseconds(80))
        _ = download.nextStep(now: Self.t0 + .milliseconds(100))
        let all = reports.all
        #expect(all.map(\.bytesReceived) == [1, 3, 4])
        #expect(all.map(\.isComplete) == [false, false, true])
        #expect(all.last?.totalBytes == 4 && all.last?.fractionCompleted == 1)
        #expect(all.last?.bytesPerSecond == 40)
    }
}

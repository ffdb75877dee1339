import Testing
@testable import NetworkLabClient

@Suite struct DownloadErrorTests {
    static let all: [DownloadError] = [
        .invalidURL("x"), .unsupportedScheme("https"), .unsupportedScheme("ftp"), .resolution(host: "h", reason: "r"),
        .refused(host: "127.0.0.1", port: 1), .network("n"), .reset(received: 5), .emptyReply,
        .truncated(expected: 10, received: 5), .truncated(expected: nil, received: 5),
        .timeout(.connect, limit: .milliseconds(250)), .timeout(.idle, limit: .seconds(30)), .httpStatus(503, body: ""),
        .malformedResponse("m"), .tooManyRedirects(limit: 10), .digestMismatch(expected: "a", actual: "b"),
        .representationChanged(offset: 5), .sinkFailed("s"), .file(path: "/p", reason: "r"), .cancelled,
    ]

    @Test(arguments: all)
    func description_isOneNonEmptyLine(_ error: DownloadError) {
        #expect(!error.description.isEmpty && !error.description.contains("\n"))
    }

    @Test func descriptions_carryTheNumbers() {
        #expect(DownloadError.truncated(expected: 10, received: 5).description == "the body ended after 5 of 10 bytes")
        #expect(DownloadError.timeout(.idle, limit: .milliseconds(250)).description == "no body byte within 250 ms (idle timeout)")
        #expect(DownloadError.timeout(.firstByte, limit: .seconds(30)).description == "no response byte within 30 s (firstByte timeout)")
        #expect(DownloadError.httpStatus(503, body: "").description == "the server answered 503 Service Unavailable: retry later")
        #expect(DownloadError.unsupportedScheme("https").description.contains("does not speak TLS"))
        // An IPv6 address is bracketed before its port, as in a URL.
        #expect(DownloadError.refused(host: "::1", port: 8080).description.hasPrefix("connection refused by [::1]:8080: "))
        #expect(DownloadError.refused(host: "127.0.0.1", port: 1).description.hasPrefix("connection refused by 127.0.0.1:1: "))
    }
}

import Foundation
@testable import MockServer
import Testing

@Suite struct ReplayedResponseTests {
    static func entry(headers: [HARNameValue], content: HARContent, status: Int = 200, wait: Double = 0, receive: Double = 0) -> HAREntry {
        var response = HARResponse(status: status, headers: [:], body: [])
        response.headers = headers
        response.content = content
        return HAREntry(
            started: Date(), request: HARRequest(method: "GET", url: "http://h/", headers: [:]), response: response,
            timings: HARTimings(send: 0, wait: wait, receive: receive)
        )
    }

    @Test func decodedBody_dropsContentEncodingAndFraming_andPseudoHeaders() throws {
        let headers = [
            HARNameValue(name: ":status", value: "200"), HARNameValue(name: "content-encoding", value: "br"),
            HARNameValue(name: "content-length", value: "12"), HARNameValue(name: "transfer-encoding", value: "chunked"),
            HARNameValue(name: "content-type", value: "text/plain"), HARNameValue(name: "bad name", value: "x"),
        ]
        let response = try #require(ReplayedResponse(Self.entry(headers: headers, content: HARContent(body: Array("hello".utf8), mimeType: "text/plain"))))
        #expect(response.headers.map(\.name) == ["content-type"])
        #expect(response.body == Array("hello".utf8))
    }

    @Test func bodyStillGzipped_keepsItsEncoding() throws {
        let gzipped: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0x01]
        let headers = [HARNameValue(name: "Content-Encoding", value: "gzip")]
        let response = try #require(ReplayedResponse(Self.entry(headers: headers, content: HARContent(body: gzipped, mimeType: ""))))
        #expect(response.headers["Content-Encoding"] == "gzip" && response.body == gzipped)
    }

    /// A recorded 304's `Content-Length` is the length of the representation the client has,
    /// not framing: it is replayed (the server sends a 204 without one).
    @Test func notModified_keepsItsRecordedLength() throws {
        let headers = [HARNameValue(name: "ETag", value: "\"v1\""), HARNameValue(name: "Content-Length", value: "5")]
        let notModified = try #require(ReplayedResponse(Self.entry(headers: headers, content: HARContent(body: [], mimeType: ""), status: 304)))
        #expect(notModified.headers["Content-Length"] == "5" && notModified.body.isEmpty)
        let noContent = try #require(ReplayedResponse(Self.entry(headers: headers, content: HARContent(body: [], mimeType: ""), status: 204)))
        #expect(noContent.headers["Content-Length"] == nil)
    }

    @Test func bodylessStatuses_sendNoBody_andStatusZeroIsNotReplayed() {
        let content = HARContent(body: Array("x".utf8), mimeType: "")
        #expect(ReplayedResponse(Self.entry(headers: [], content: content, status: 204))?.body == [])
        #expect(ReplayedResponse(Self.entry(headers: [], content: HARContent(size: 10, mimeType: "")))?.body == [])
        #expect(ReplayedResponse(Self.entry(headers: [], content: content, status: 0)) == nil)
        // A WebSocket's upgrade as DevTools records it, other interim statuses, and statuses
        // RFC 9110 calls invalid are not final responses replay could send.
        for status in [100, 101, 103, 199, 600, 999, 1000, -1] {
            #expect(ReplayedResponse(Self.entry(headers: [], content: content, status: status)) == nil, "\(status)")
        }
        #expect(ReplayedResponse(Self.entry(headers: [], content: content, status: 599))?.status == 599)
    }

    @Test func recordedTiming_spreadsTheBodyOverTheReceiveTime() throws {
        let body = HARContent(body: [UInt8](repeating: 0x61, count: 1000), mimeType: "")
        let response = try #require(ReplayedResponse(Self.entry(headers: [], content: body, wait: 150, receive: 380)))
        #expect(response.wait == .milliseconds(150))
        let slices = try #require(response.recordedSlices)
        #expect(slices.bytes == 50 && slices.delay == .milliseconds(20), "20 pieces, the last starting 380 ms after the first")
        #expect(ReplayedResponse(Self.entry(headers: [], content: HARContent(body: [1], mimeType: ""), receive: 100))?.recordedSlices == nil)
        #expect(ReplayedResponse(Self.entry(headers: [], content: body, receive: 0))?.recordedSlices == nil)
    }
}

import Foundation
import MockServer
import TestSupport
import Testing

@Suite struct HARArchiveTests {
    @Test func devToolsExport_decodes_ignoringCustomFieldsAndPseudoHeaders() throws {
        let archive = try HARArchive(json: DevToolsExport.data, source: "devtools.har")
        #expect(archive.log.creator.name == "WebInspector")
        #expect(archive.log.entries.count == 8)
        let first = try #require(archive.log.entries.first)
        #expect(first.request.method == "GET")
        #expect(first.request.headers.headerFields.map(\.name) == ["accept", "authorization"])
        #expect(first.response.headers.headerFields["Content-Type"] == "application/json; charset=utf-8")
        #expect(first.timings.wait == 60 && first.timings.dns == -1)
        #expect(archive.log.entries[1].response.content.bytes == Array(DevToolsExport.png))
        #expect(archive.log.entries[4].response.content.text == nil)
        #expect(archive.log.entries[4].response.bodySize == -1)
        #expect(archive.log.entries[3].request.postData?.text == DevToolsExport.postBody)
    }

    @Test func archive_roundTrips_andPassesTheFieldCheck() throws {
        var request = HARRequest(
            method: "POST", url: "http://127.0.0.1:8080/items?a=1&b=x%20y",
            headers: ["Content-Type": "application/json", "Cookie": "session=1; theme=dark"], body: Array("{}".utf8)
        )
        request.headersSize = 90
        let response = HARResponse(status: 302, headers: ["Location": "/items/1", "Set-Cookie": "id=7; Path=/; HttpOnly"], body: [0xFF, 0x00])
        let entry = HAREntry(
            started: Date(timeIntervalSince1970: 1_765_000_000.25), request: request, response: response,
            timings: HARTimings(send: 0.5, wait: 10.25, receive: 2)
        )
        let archive = HARArchive(entries: [entry])
        let data = archive.encoded()
        #expect(HARFieldCheck.problems(in: data) == [])
        let decoded = try HARArchive(json: data, source: "x")
        #expect(decoded == archive)
        let written = decoded.log.entries[0]
        #expect(written.startedDateTime == "2025-12-06T05:46:40.250Z")
        #expect(written.time == 12.75)
        #expect(written.request.queryString == [HARNameValue(name: "a", value: "1"), HARNameValue(name: "b", value: "x y")])
        #expect(written.request.cookies.map(\.name) == ["session", "theme"])
        #expect(written.response.cookies == [HARCookie(name: "id", value: "7", path: "/", httpOnly: true)])
        #expect(written.response.redirectURL == "/items/1")
        #expect(written.response.content.encoding == "base64" && written.response.content.bytes == [0xFF, 0x00])
        #expect(archive.encoded() == data, "the same archive encodes to the same bytes")
    }

    @Test func truncatedFile_isRefused_namingTheFile() {
        let truncated = DevToolsExport.data.prefix(DevToolsExport.data.count / 2)
        #expect(throws: HARError.self) { try HARArchive(json: Data(truncated), source: "cut.har") }
        do {
            _ = try HARArchive(json: Data(truncated), source: "cut.har")
        } catch {
            #expect(error.description.hasPrefix("cut.har: is not JSON"))
        }
    }

    @Test func jsonThatIsNotHAR_isRefused_namingWhatIsMissing() {
        do {
            _ = try HARArchive(json: Data(#"{"entries": []}"#.utf8), source: "other.json")
            Issue.record("accepted a document without log")
        } catch {
            #expect(error.description.contains("other.json") && error.description.contains("\"log\" is missing"))
        }
        do {
            _ = try HARArchive(json: Data(#"{"log": {"entries": [{"request": {"method": "GET"}, "response": {"status": 200}}]}}"#.utf8), source: "a.har")
            Issue.record("accepted an entry without url")
        } catch {
            #expect(error.description == "a.har: log.entries[0].request: \"url\" is missing")
        }
        do {
            _ = try HARArchive(json: Data(#"{"log": {"entries": [{"request": {"method": "GET", "url": "/"}, "response": {"status": "ok"}}]}}"#.utf8), source: "b.har")
            Issue.record("accepted a status that is not a number")
        } catch {
            #expect(error.description.hasPrefix("b.har: log.entries[0].response.status: "))
        }
    }

    @Test func secrets_areRedacted_namesKept() {
        let request = HARRequest(method: "GET", url: "http://h/", headers: ["Authorization": "Bearer t", "Cookie": "s=1", "Accept": "*/*"])
        let response = HARResponse(status: 200, headers: ["Set-Cookie": "s=2", "Proxy-Authorization": "Basic x"], body: [])
        let entry = HAREntry(started: Date(), request: request, response: response, timings: HARTimings(send: 0, wait: 0, receive: 0))
        let redacted = entry.redactingSecrets()
        let encoded = String(decoding: HARArchive(entries: [redacted]).encoded(), as: UTF8.self)
        for secret in ["Bearer t", "s=1", "s=2", "Basic x"] { #expect(!encoded.contains(secret)) }
        #expect(redacted.request.headers.headerFields["Authorization"] == HAREntry.secretMarker)
        #expect(redacted.request.headers.headerFields["Accept"] == "*/*")
        #expect(redacted.request.cookies == [HARCookie(name: "s", value: HAREntry.secretMarker)])
    }
}

import Foundation
@testable import Lab
import MockServer
import TestSupport
import Testing

@Suite struct HARRecorderTests {
    @Test func entry_carriesTheExchange_withTimingsInMilliseconds() throws {
        let exchange = ProxiedExchange(
            startedAt: Date(timeIntervalSince1970: 1_765_000_000.25), method: "POST",
            url: URL(string: "http://127.0.0.1:8080/items?page=2")!, requestVersion: "HTTP/1.1",
            requestHeaders: ["Host": "127.0.0.1:8080", "Content-Type": "application/json"], requestBody: Array(#"{"a":1}"#.utf8),
            requestHeadSize: 80, status: 201, reason: "Made It", responseVersion: "HTTP/1.0",
            responseHeaders: ["Content-Type": "image/png", "Content-Length": "3"], responseBody: [0x89, 0xFF, 0x00],
            responseHeadSize: 60, responseBodyWireSize: 3,
            timings: ProxiedExchange.Timings(blocked: 0.001, connect: nil, send: 0.0005, wait: 0.25, receive: 0.0125)
        )
        let entry = HARRecorder.entry(exchange)
        #expect(entry.startedDateTime == "2025-12-06T05:46:40.250Z")
        #expect(entry.request.method == "POST")
        #expect(entry.request.queryString == [HARNameValue(name: "page", value: "2")])
        #expect(entry.request.postData?.text == #"{"a":1}"#)
        #expect(entry.request.headersSize == 80)
        #expect(entry.response.status == 201)
        #expect(entry.response.statusText == "Made It")
        #expect(entry.response.httpVersion == "HTTP/1.0")
        #expect(entry.response.content.encoding == "base64")
        #expect(entry.response.content.bytes == [0x89, 0xFF, 0x00])
        #expect(entry.response.content.mimeType == "image/png")
        #expect(entry.timings.connect == nil)
        #expect(entry.timings.wait == 250)
        #expect(abs(entry.time - 264) < 1e-9)
    }
}

extension LiveHARTests {
    /// `lab proxy --record`: a HAR file of real exchanges with Python's `http.server`, valid
    /// at every step, without secrets.
    @Suite struct HTTPProxyRecordTests {
        @Test func record_writesEveryExchange_validThroughAnUpstreamCrashAndSIGTERM_withoutSecrets() async throws {
            let upstream = try await PythonUpstream.start()
            defer { upstream.stop() }
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let path = folder.path + "/api.har"
            let lab = try LabProcess(["proxy", "--upstream", upstream.url.absoluteString, "--record", path])
            let url = try await lab.url()
            #expect(HARFieldCheck.problems(in: try Data(contentsOf: URL(fileURLWithPath: path))) == [], "valid before any exchange")

            for target in ["json", "binary?size=200000", "missing", "chunked?size=50000", "counter", "counter", "counter", "headers"] {
                let fetched = try await CurlFetch.run(URL(string: url.absoluteString + "/" + target)!)
                #expect(fetched.exitCode == 0, "\(target)")
            }
            // `/headers` answers with a Set-Cookie; this request sends the request-side secrets.
            let secret = try await CurlFetch.run(URL(string: url.absoluteString + "/binary?size=10")!, [
                "-H", "Authorization: Bearer top-secret-token", "-H", "Cookie: sid=cookie-secret-value",
            ])
            #expect(secret.status == 200)
            try await waitUntil(timeout: 10) { try Self.archive(path).count == 9 }

            upstream.stop()
            let down = try await CurlFetch.run(url.appendingPathComponent("json"))
            #expect(down.status == 502)
            let afterCrash = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(HARFieldCheck.problems(in: afterCrash) == [], "valid after the upstream crashed")

            lab.terminate()
            let exit = try await lab.exit()
            #expect(exit.status == 0, "\(exit.stderr)")
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(HARFieldCheck.problems(in: data) == [])
            let text = String(decoding: data, as: UTF8.self)
            for leaked in ["top-secret-token", "cookie-secret-value", "s3cr3t-cookie"] {
                #expect(!text.contains(leaked), "\(leaked) is in the recording")
            }
            let entries = try Self.archive(path)
            try #require(entries.count == 9, "the 502 the proxy made up is not a recording of the upstream")
            #expect(entries[0].response.content.text == #"{"name": "networklab", "values": [1, 2, 3], "ok": true}"#)
            #expect(entries[0].response.content.mimeType == "application/json")
            #expect(entries[1].response.content.encoding == "base64")
            #expect(entries[1].response.content.bytes == PythonUpstream.pattern(200_000))
            #expect(entries[2].response.status == 404)
            #expect(entries[3].response.content.bytes == PythonUpstream.pattern(50_000))
            #expect(entries[3].response.headers.headerFields["Transfer-Encoding"] == nil)
            #expect(entries[4...6].map { $0.response.content.text } == ["hit 1", "hit 2", "hit 3"])
            #expect(entries[7].response.headers.headerFields["Set-Cookie"] == HAREntry.secretMarker)
            #expect(entries[7].response.headers.headerFields["X-Hop"] == nil, "hop-by-hop fields are not recorded")
            #expect(entries[8].request.headers.headerFields["Authorization"] == HAREntry.secretMarker)
            #expect(entries[8].request.headers.headerFields["Cookie"] == HAREntry.secretMarker)
            #expect(entries.allSatisfy { $0.timings.wait >= 0 && $0.timings.receive >= 0 && $0.request.url.hasPrefix(upstream.url.absoluteString) })
        }

        static func archive(_ path: String) throws -> [HAREntry] {
            try HARArchive(json: Data(contentsOf: URL(fileURLWithPath: path)), source: path).log.entries
        }
    }
}

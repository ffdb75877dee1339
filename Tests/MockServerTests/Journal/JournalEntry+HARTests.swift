import Foundation
import MockServer
import TestSupport
import Testing

extension LiveServerTests {
    /// `GET /_lab/journal.har`: the journal of a run as HAR 1.2, with its real timings.
    @Suite struct JournalHARTests {
        @Test func journalHAR_ofARun_isHAR12_withTheRealTimings() async throws {
            let echo = Route(.post, "/echo") { request in .text("got \(String(decoding: request.body, as: UTF8.self))") }
            let server = try await MockServer.start(.init(routes: [echo]))
            defer { Task { await server.close() } }
            let base = server.url
            _ = try await Curl.run(URL(string: "\(base)/bytes/1000?latency=150ms")!)
            _ = try await Curl.run(base.appendingPathComponent("echo"), ["--data", "hello", "-H", "Authorization: Bearer hunter2"])
            _ = try await Curl.run(base.appendingPathComponent("status/418"))
            await server.settled()
            let export = try await Curl.run(base.appendingPathComponent("_lab/journal.har"), writeOut: "%{http_code} %{content_type}")
            #expect(export.writeOut == "200 application/json")
            let data = Data(export.body)
            #expect(HARFieldCheck.problems(in: data) == [])
            let archive = try HARArchive(json: data, source: "journal.har")
            #expect(archive.log.version == "1.2" && archive.log.creator.name == "NetworkLab")
            let entries = archive.log.entries
            try #require(entries.count == 3)

            let bytes = entries[0]
            #expect(bytes.request.method == "GET")
            #expect(bytes.request.url == "http://127.0.0.1:\(server.port)/bytes/1000?latency=150ms")
            #expect(bytes.request.queryString == [HARNameValue(name: "latency", value: "150ms")])
            #expect(bytes.request.headers.contains { $0.name == "User-Agent" && $0.value.hasPrefix("curl/") })
            #expect(bytes.response.status == 200 && bytes.response.statusText == "OK")
            #expect(bytes.response.content.size == 1000 && bytes.response.content.text == nil, "/bytes bodies are omitted")
            #expect(bytes.response.headers.headerFields["Content-Length"] == "1000")
            #expect(bytes.timings.wait >= 150, "the latency shows as the wait: \(bytes.timings)")
            #expect(bytes.timings.wait < 5000)
            #expect(abs(bytes.time - bytes.timings.total) < 0.01)
            let journaled = try #require(server.journal.entries.first)
            let journaledWait: Double = (journaled.timeToFirstByte ?? .zero).seconds * 1000
            #expect(abs(bytes.timings.send + bytes.timings.wait - journaledWait) < 0.01)

            let echoed = entries[1]
            #expect(echoed.request.postData?.text == "hello")
            #expect(echoed.request.headers.headerFields["Authorization"] == HAREntry.secretMarker)
            #expect(echoed.response.content.text == "got hello")

            #expect(entries[2].response.status == 418)
            #expect(entries[2].response.content.text?.isEmpty == false)
            // Entries follow each other in time.
            #expect(entries.map(\.startedDateTime) == entries.map(\.startedDateTime).sorted())
        }
    }
}

import Foundation
import MockServer
import NetworkCore
import TestSupport
import Testing

extension LiveServerTests {
    /// Replay through `MockServer.Configuration.replay`: a DevTools export answered byte-exact
    /// to curl and Python's requests, in recorded order, misses named, the built-ins beside,
    /// and the link or the recorded timing on top.
    @Suite struct ReplayTests {
        static func server(_ archives: [HARArchive], link: LinkProfile = .unlimited, timing: Replay.Timing = .link) async throws -> MockServer {
            try await MockServer.start(.init(link: link, replay: Replay(archives: archives, timing: timing)))
        }

        @Test func devToolsExport_replaysByteExact_withCurl() async throws {
            let server = try await Self.server([try HARArchive(json: DevToolsExport.data, source: "devtools.har")])
            defer { Task { await server.close() } }
            let base = server.url

            // Query parameters in another order than recorded, and another host.
            let users = try await Curl.run(URL(string: "\(base)/users?page=2&sort=name")!, ["-D", "-"], writeOut: "")
            #expect(users.body == Array(DevToolsExport.usersJSON.utf8))
            #expect(users.writeOut.contains("content-type: application/json; charset=utf-8"))
            #expect(!users.writeOut.contains(":status"), "pseudo-headers are dropped")

            let png = try await Curl.run(base.appendingPathComponent("logo.png"), writeOut: "%{http_code} %{content_type}")
            #expect(png.writeOut == "200 image/png")
            #expect(png.body == Array(DevToolsExport.png))

            let readme = try await Curl.run(base.appendingPathComponent("readme.txt"), ["-D", "-"], writeOut: "")
            #expect(readme.body == Array(DevToolsExport.readme.utf8))
            #expect(!readme.writeOut.lowercased().contains("content-encoding"))
            #expect(readme.writeOut.contains("Content-Length: \(DevToolsExport.readme.utf8.count)"))

            let created = try await Curl.run(base.appendingPathComponent("items"), ["-X", "POST", "--data", DevToolsExport.postBody, "-D", "-"], writeOut: "")
            #expect(created.writeOut.hasPrefix("HTTP/1.1 201"))
            #expect(created.writeOut.contains("location: /items/7"))
            #expect(created.body == Array(DevToolsExport.created.utf8))

            let deleted = try await Curl.run(base.appendingPathComponent("items/7"), ["-X", "DELETE", "-D", "-"], writeOut: "")
            #expect(deleted.writeOut.hasPrefix("HTTP/1.1 204"))
            #expect(deleted.writeOut.contains("x-deleted: 7"))
            #expect(deleted.body.isEmpty)

            let builtIn = try await Curl.run(base.appendingPathComponent("bytes/100"))
            #expect(try builtIn.status == 200 && builtIn.body == Payload.bytes(seed: 0, count: 100))
        }

        @Test func repeatedRequests_getTheRecordedResponsesInOrder_thenTheLastAgain() async throws {
            let server = try await Self.server([try HARArchive(json: DevToolsExport.data, source: "devtools.har")])
            defer { Task { await server.close() } }
            let head = try await Curl.run(server.url.appendingPathComponent("counter"), ["-I"])
            // curl -I saves the head: that of the first recorded GET, which HEAD does not use up.
            #expect(head.status == 200 && String(decoding: head.body, as: UTF8.self).contains("Content-Length: 5"))
            var seen: [String] = []
            for _ in 0..<4 {
                let hit = try await Curl.run(server.url.appendingPathComponent("counter"))
                seen.append("\(hit.status) \(String(decoding: hit.body, as: UTF8.self))")
            }
            #expect(seen == ["200 hit 1", "200 hit 2", "503 hit 3", "503 hit 3"])
            // Clearing the journal starts the recording over.
            _ = try await Curl.run(server.url.appendingPathComponent("_lab/journal"), ["-X", "DELETE"])
            #expect(try await Curl.run(server.url.appendingPathComponent("counter")).body == Array("hit 1".utf8))
        }

        @Test func miss_gets404_namingTheClosestRecordedRequests() async throws {
            let server = try await Self.server([try HARArchive(json: DevToolsExport.data, source: "devtools.har")])
            defer { Task { await server.close() } }
            let miss = try await Curl.run(URL(string: "\(server.url)/users?page=3&sort=name")!)
            let text = String(decoding: miss.body, as: UTF8.self)
            #expect(miss.status == 404)
            #expect(text.hasPrefix("no recorded response matches GET /users?page=3&sort=name"), "\(text)")
            #expect(text.contains("closest recorded: GET /users?sort=name&page=2"), "\(text)")
            let wrongMethod = try await Curl.run(server.url.appendingPathComponent("items"), ["-X", "PUT"])
            #expect(wrongMethod.status == 404)
            #expect(String(decoding: wrongMethod.body, as: UTF8.self).contains("closest recorded: POST /items"))
        }

        @Test func devToolsExport_replaysByteExact_withPythonRequests() async throws {
            let server = try await Self.server([try HARArchive(json: DevToolsExport.data, source: "devtools.har")])
            defer { Task { await server.close() } }
            let script = """
            import base64, json, sys, requests
            base = sys.argv[1]
            s = requests.Session()
            s.trust_env = False
            out = {}
            for name, method, path, body in [("users", "GET", "/users?sort=name&page=2", None), ("png", "GET", "/logo.png", None),
                                             ("readme", "GET", "/readme.txt", None), ("created", "POST", "/items", '{"name":"new item"}'),
                                             ("deleted", "DELETE", "/items/7", None)]:
                r = s.request(method, base + path, data=body, timeout=10)
                out[name] = {"status": r.status_code, "type": r.headers.get("Content-Type"), "body": base64.b64encode(r.content).decode()}
            print(json.dumps(out))
            """
            let output = try await PythonRequests.run(script, [server.url.absoluteString])
            let results = try JSONDecoder().decode([String: PythonResult].self, from: Data(output))
            let users = try #require(results["users"]), png = try #require(results["png"]), readme = try #require(results["readme"])
            let created = try #require(results["created"]), deleted = try #require(results["deleted"])
            #expect(users.bytes == Data(DevToolsExport.usersJSON.utf8) && users.type == "application/json; charset=utf-8")
            #expect(png.bytes == DevToolsExport.png && png.type == "image/png")
            #expect(readme.bytes == Data(DevToolsExport.readme.utf8), "requests would fail to gunzip a decoded body still marked gzip")
            #expect(created.status == 201 && created.bytes == Data(DevToolsExport.created.utf8))
            #expect(deleted.status == 204 && deleted.bytes == Data())
        }

        struct PythonResult: Decodable {
            var status: Int
            var type: String?
            var body: String
            var bytes: Data? { Data(base64Encoded: body) }
        }

        /// With an upstream beside the recordings, they answer what they match (the body too,
        /// with `matchBody`) and the upstream the rest, every path but `/_lab/`; the upstream's
        /// recorder sees the misses only (what `lab serve --replay-miss proxy` appends).
        @Test func withAnUpstream_recordingsAnswerTheirRequests_andTheUpstreamTheRest() async throws {
            let origin = try await MockServer.start(.init(seed: 9, routes: [Route(.post, "/items") { _ in .text("from the origin", status: 202) }]))
            defer { Task { await origin.close() } }
            let misses = Lock<[String]>([])
            let upstream = MockServer.Upstream(url: origin.url) { exchange in misses.withLock { $0.append("\(exchange.method) \(exchange.url.path)") } }
            let replay = Replay(archives: [try HARArchive(json: DevToolsExport.data, source: "devtools.har")], matchBody: true)
            var configuration = MockServer.Configuration(replay: replay)
            configuration.upstream = upstream
            let server = try await MockServer.start(configuration)
            defer { Task { await server.close() } }

            let users = try await Curl.run(URL(string: "\(server.url)/users?page=2&sort=name")!)
            #expect(users.body == Array(DevToolsExport.usersJSON.utf8))
            let recordedPost = try await Curl.run(server.url.appendingPathComponent("items"), ["-X", "POST", "--data", DevToolsExport.postBody])
            #expect(recordedPost.status == 201)
            let otherPost = try await Curl.run(server.url.appendingPathComponent("items"), ["-X", "POST", "--data", "{}"])
            #expect(otherPost.status == 202 && otherPost.body == Array("from the origin".utf8))
            // The origin's /bytes uses its own seed: a miss reached it, not this server's built-in.
            let bytes = try await Curl.run(server.url.appendingPathComponent("bytes/64"))
            #expect(try bytes.body == Payload.bytes(seed: 9, count: 64))
            let journal = try await Curl.run(server.url.appendingPathComponent("_lab/journal"))
            #expect(journal.status == 200 && String(decoding: journal.body, as: UTF8.self).contains("/bytes/64"))
            #expect(misses.withLock { $0 } == ["POST /items", "GET /bytes/64"])
        }

        @Test func replay_underLatencyAndBandwidth_takesThePredictedTime() async throws {
            let body = [UInt8](repeating: 0x5A, count: 200_000)
            let archive = HARArchive(entries: [HAREntry(
                started: Date(), request: HARRequest(method: "GET", url: "https://cdn.example.com/big.bin", headers: [:]),
                response: HARResponse(status: 200, headers: ["Content-Type": "application/octet-stream"], body: body),
                timings: HARTimings(send: 0, wait: 1, receive: 1)
            )])
            let link = try LinkProfile(jsonObject: ["latency": "300ms", "bandwidth": "400KB/s"])
            let server = try await Self.server([archive], link: link)
            defer { Task { await server.close() } }
            let result = try await Curl.run(server.url.appendingPathComponent("big.bin"), writeOut: "%{time_starttransfer} %{time_total}")
            #expect(result.body == body)
            let times = result.writeOut.split(separator: " ").compactMap { Double($0) }
            // Predicted: 0.3 s to the first byte, then 200 KB at 400 KB/s = 0.5 s (less a burst).
            #expect(times.count == 2 && times[0] >= 0.29, "\(result.writeOut)")
            #expect(times.count == 2 && times[1] >= 0.7 && times[1] < 8, "\(result.writeOut)")
        }

        @Test func recordedTiming_reproducesTheRecordedWaitAndReceive() async throws {
            let body = [UInt8](repeating: 0x41, count: 2_000)
            let archive = HARArchive(entries: [HAREntry(
                started: Date(), request: HARRequest(method: "GET", url: "https://slow.example.com/report", headers: [:]),
                response: HARResponse(status: 200, headers: ["Content-Type": "text/plain"], body: body),
                timings: HARTimings(send: 0, wait: 300, receive: 400)
            )])
            let server = try await Self.server([archive], timing: .recorded)
            defer { Task { await server.close() } }
            let result = try await Curl.run(server.url.appendingPathComponent("report"), writeOut: "%{time_starttransfer} %{time_total}")
            #expect(result.body == body)
            let times = result.writeOut.split(separator: " ").compactMap { Double($0) }
            #expect(times.count == 2 && times[0] >= 0.29, "\(result.writeOut)")
            #expect(times.count == 2 && times[1] >= 0.68 && times[1] < 7, "\(result.writeOut)")
            await server.settled()
            let entry = try #require(server.journal.entries.last)
            #expect(entry.duration >= .milliseconds(690), "the journal saw the recorded 300 ms + 400 ms")
        }
    }
}

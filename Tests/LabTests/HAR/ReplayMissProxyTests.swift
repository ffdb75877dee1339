import Foundation
import TestSupport
import Testing

extension LiveHARTests {
    /// `lab serve --replay FILE --replay-miss proxy --upstream URL`: recordings answer what they
    /// match, Python's `http.server` the rest, and each miss is appended to the recording
    /// (which keeps every field it had), so the next replay needs no upstream.
    @Suite struct ReplayMissProxyTests {
        @Test func misses_goUpstream_andAreAppendedToTheRecording_forTheNextReplay() async throws {
            let upstream = try await PythonUpstream.start()
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let path = folder.path + "/api.har"
            let proxy = try LabProcess(["proxy", "--upstream", upstream.url.absoluteString, "--record", path])
            let proxyURL = try await proxy.url().absoluteString
            #expect(try await CurlFetch.run(URL(string: proxyURL + "/counter")!).text == "hit 1")
            proxy.terminate()
            #expect(try await proxy.exit().status == 0)
            try Self.addExportFields(to: path)

            let serve = try LabProcess(["serve", "--replay", path, "--replay-miss", "proxy", "--upstream", upstream.url.absoluteString])
            let base = try await serve.url().absoluteString
            // Recorded: replayed, though the upstream would now say "hit 2".
            #expect(try await CurlFetch.run(URL(string: base + "/counter")!).text == "hit 1")
            // Misses: the upstream's answers, byte for byte, its 404 too (not httpbin's /get).
            let binary = try await CurlFetch.run(URL(string: base + "/binary?size=300000")!, ["-H", "Cookie: session=miss-secret"])
            #expect(binary.status == 200 && binary.body == PythonUpstream.pattern(300_000))
            let direct = try await CurlFetch.run(upstream.url.appendingPathComponent("get"))
            let missed = try await CurlFetch.run(URL(string: base + "/get")!)
            #expect(missed.status == 404 && missed.body == direct.body)
            // The control endpoints stay the lab's own.
            #expect(try await CurlFetch.run(URL(string: base + "/_lab/journal")!).contentType == "application/json")
            serve.terminate()
            #expect(try await serve.exit().status == 0)

            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(HARFieldCheck.problems(in: data) == [])
            let text = String(decoding: data, as: UTF8.self)
            #expect(!text.contains("miss-secret"), "secrets masked in appended misses")
            let log = try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["log"] as? [String: Any])
            #expect((log["pages"] as? [Any])?.count == 1, "the export's own fields stay")
            let entries = try #require(log["entries"] as? [[String: Any]])
            let urls = entries.compactMap { ($0["request"] as? [String: Any])?["url"] as? String }
            #expect(urls.count == 3 && urls[0].hasSuffix("/counter") && urls[1].hasSuffix("/binary?size=300000") && urls[2].hasSuffix("/get"), "\(urls)")
            #expect(entries[0]["_priority"] as? String == "High")

            upstream.stop()
            let offline = try LabProcess(["serve", "--replay", path])
            let offlineBase = try await offline.url().absoluteString
            let replayed = try await CurlFetch.run(URL(string: offlineBase + "/binary?size=300000")!)
            #expect(replayed.body == PythonUpstream.pattern(300_000))
            offline.terminate()
            #expect(try await offline.exit().status == 0)
        }

        /// An https:// upstream takes the misses too (over the same TLS leg as `lab proxy`'s).
        @Test func misses_goToAnHTTPSUpstream_andAreAppended() async throws {
            let upstream = try await TLSUpstream.start()
            defer { upstream.stop() }
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let path = folder.path + "/api.har"
            try Data(Self.emptyArchive.utf8).write(to: URL(fileURLWithPath: path))
            let lab = try LabProcess(
                ["serve", "--replay", path, "--replay-miss", "proxy", "--upstream", upstream.url.absoluteString, "--upstream-ca", upstream.authority]
            )
            let base = try await lab.url().absoluteString
            let binary = try await CurlFetch.run(URL(string: base + "/binary?size=200000")!)
            #expect(binary.status == 200 && binary.body == PythonUpstream.pattern(200_000))
            lab.terminate()
            #expect(try await lab.exit().status == 0)
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(HARFieldCheck.problems(in: data) == [])
            #expect(String(decoding: data, as: UTF8.self).contains("https://localhost:\(upstream.port)/binary?size=200000"))
        }

        @Test func aFolder_getsItsMissesInMissesHAR() async throws {
            let upstream = try await PythonUpstream.start()
            defer { upstream.stop() }
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let empty = Self.emptyArchive
            try Data(empty.utf8).write(to: URL(fileURLWithPath: folder.path + "/empty.har"))
            let serve = try LabProcess(["serve", "--replay", folder.path, "--replay-miss", "proxy", "--upstream", upstream.url.absoluteString])
            let base = try await serve.url().absoluteString
            #expect(try await CurlFetch.run(URL(string: base + "/json")!).status == 200)
            serve.terminate()
            #expect(try await serve.exit().status == 0)
            let data = try Data(contentsOf: URL(fileURLWithPath: folder.path + "/misses.har"))
            #expect(HARFieldCheck.problems(in: data) == [])
            #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: folder.path + "/empty.har")), as: UTF8.self) == empty)
        }

        /// Recordings matched on the head alone know a miss from its head, so its body streams
        /// upstream as it comes (a chunked upload goes on chunked, `lab proxy`'s way); with
        /// `--replay-match-body` the body decides, so it is read whole first and goes with its length.
        @Test func aMissesUpload_streamsUpstream_unlessItsBodyMustMatchFirst() async throws {
            let upstream = try await PythonUpstream.start()
            defer { upstream.stop() }
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let size = 12 * 1024 * 1024 + 3
            let file = folder.url.appendingPathComponent("body")
            try Data(PythonUpstream.pattern(size)).write(to: file)
            let upload = ["-H", "Transfer-Encoding: chunked", "--data-binary", "@\(file.path)"]
            let direct = try Self.json(try await CurlFetch.run(upstream.url.appendingPathComponent("sink"), upload).body)
            let digest = try #require(direct["sha256"] as? String)
            for matchBody in [false, true] {
                let path = folder.path + "/api-\(matchBody).har"
                try Data(Self.emptyArchive.utf8).write(to: URL(fileURLWithPath: path))
                let serve = try LabProcess(
                    ["serve", "--replay", path, "--replay-miss", "proxy", "--upstream", upstream.url.absoluteString] + (matchBody ? ["--replay-match-body"] : [])
                )
                let sent = try await CurlFetch.run(try await serve.url().appendingPathComponent("sink"), upload)
                #expect(sent.status == 200, "\(sent.text)")
                let received = try Self.json(sent.body)
                #expect(received["received"] as? Int == size && received["sha256"] as? String == digest, "matchBody \(matchBody)")
                if matchBody {
                    #expect(received["contentLength"] as? String == String(size), "read whole, then sent with its length")
                } else {
                    #expect(received["transferEncoding"] as? String == "chunked", "streamed as it came")
                }
                serve.terminate()
                #expect(try await serve.exit().status == 0)
            }
        }

        static func json(_ bytes: [UInt8]) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        }

        @Test(arguments: [
            (["--replay-miss", "proxy"], "needs --upstream"),
            (["--replay-miss", "forward", "--upstream", "http://127.0.0.1:9"], "use 404 or proxy"),
            (["--upstream", "http://127.0.0.1:9"], "only applies with --replay-miss proxy"),
            (["--replay-miss", "proxy", "--upstream", "ftp://127.0.0.1:9"], "not an http://HOST:PORT or https://HOST[:PORT] URL"),
            // Refused when the server starts, as lab proxy refuses it (it exited 1).
            (["--replay-miss", "proxy", "--upstream", "http://127.0.0.1:70000"], "port 70000 is out of range"),
        ])
        func badMissFlags_exit2_withOneLine(flags: [String], mention: String) async throws {
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let path = folder.path + "/a.har"
            try Data(Self.emptyArchive.utf8).write(to: URL(fileURLWithPath: path))
            let output = try await LabProcess.run(["serve", "--replay", path] + flags)
            #expect(output.status == 2)
            #expect(output.stderr.contains(mention), "\(output.stderr)")
            #expect(output.stderr.split(separator: "\n").count == 1)
            let withoutReplay = try await LabProcess.run(["serve", "--replay-miss", "404"])
            #expect(withoutReplay.status == 2 && withoutReplay.stderr.contains("needs --replay"))
        }

        /// A HAR 1.2 archive with no entries.
        static let emptyArchive = #"{"log": {"version": "1.2", "creator": {"name": "test", "version": "1"}, "entries": []}}"#

        /// Gives the recording fields a DevTools export has and `lab` does not write: `pages`
        /// on the log and `_priority` on its first entry.
        static func addExportFields(to path: String) throws {
            let url = URL(fileURLWithPath: path)
            var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            var log = try #require(object["log"] as? [String: Any])
            var entries = try #require(log["entries"] as? [[String: Any]])
            entries[0]["_priority"] = "High"
            log["entries"] = entries
            log["pages"] = [["id": "page_1", "title": "api", "startedDateTime": "2026-12-06T00:00:00.000Z", "pageTimings": [:] as [String: Any]]]
            object["log"] = log
            try JSONSerialization.data(withJSONObject: object).write(to: url)
        }
    }
}

import Foundation
import TestSupport
import Testing

extension LiveHARTests {
    /// HAR both ways with mitmproxy, a recorder the project did not write: its export replays
    /// in `lab serve`, and `lab proxy --record`'s file reads in it.
    @Suite struct MitmproxyHARTests {
        /// mitmproxy (`mitmdump --set hardump=`) records in front of Python's `http.server`;
        /// with the upstream gone, `lab serve --replay` answers from the file with the bytes,
        /// statuses and types mitmproxy saw.
        @Test func aMitmproxyExport_replaysByteIdentical_withTheUpstreamGone() async throws {
            let upstream = try await PythonUpstream.start()
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let path = folder.path + "/mitmproxy.har"
            let mitmdump = try await Mitmdump(upstream: upstream.url, har: path)
            // (target, curl arguments): base64 binary, chunked, a 404, gzip (mitmproxy keeps
            // the decoded text beside the gzip header), a POST with its body, repeated GETs.
            let exchanges: [(String, [String])] = [
                ("json", []), ("binary?size=300000", []), ("chunked?size=70000", []), ("missing", []),
                ("gzip", ["--compressed"]), ("sink", ["--data-binary", "posted body"]),
                ("counter", []), ("counter", []),
            ]
            var live: [CurlFetch] = []
            for (target, arguments) in exchanges {
                live.append(try await CurlFetch.run(URL(string: mitmdump.url.absoluteString + "/" + target)!, arguments))
            }
            #expect(try await mitmdump.stop() == 0)
            upstream.stop()
            let har = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
            let log = try #require(har?["log"] as? [String: Any])
            #expect((log["creator"] as? [String: Any])?["name"] as? String == "mitmproxy")
            #expect((log["entries"] as? [Any])?.count == exchanges.count)

            let serve = try LabProcess(["serve", "--replay", path])
            let base = try await serve.url().absoluteString
            for ((target, arguments), recorded) in zip(exchanges, live) {
                let replayed = try await CurlFetch.run(URL(string: base + "/" + target)!, arguments)
                #expect(replayed.status == recorded.status, "\(target)")
                #expect(replayed.body == recorded.body, "\(target)")
                #expect(replayed.contentType == recorded.contentType, "\(target)")
            }
            #expect(live[1].body == PythonUpstream.pattern(300_000) && live[2].body == PythonUpstream.pattern(70_000))
            #expect(live[3].status == 404)
            #expect(live[6].text == "hit 1" && live[7].text == "hit 2")
            serve.terminate()
            #expect(try await serve.exit().status == 0)
        }
    
        /// `lab proxy --record` in front of Python's `http.server`; mitmproxy (`mitmdump -nr`)
        /// reads the file and finds every exchange with the bodies the client and the upstream
        /// saw.
        @Test func labProxysRecording_readsInMitmproxy_withTheSameBodies() async throws {
            let upstream = try await PythonUpstream.start()
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let path = folder.path + "/lab.har"
            let proxy = try LabProcess(["proxy", "--upstream", upstream.url.absoluteString, "--record", path])
            let base = try await proxy.url().absoluteString
            let exchanges: [(String, [String])] = [
                ("json", []), ("binary?size=300000", []), ("chunked?size=70000", []), ("missing", []),
                ("sink", ["--data-binary", "posted body"]),
            ]
            var live: [CurlFetch] = []
            for (target, arguments) in exchanges {
                live.append(try await CurlFetch.run(URL(string: base + "/" + target)!, arguments))
            }
            proxy.terminate()
            #expect(try await proxy.exit().status == 0)
            upstream.stop()

            let read = try await Mitmdump.read(har: path)
            try #require(read.count == exchanges.count)
            for (index, ((target, _), fetched)) in zip(exchanges, live).enumerated() {
                let exchange = read[index]
                #expect(exchange["path"] as? String == "/" + target)
                #expect(exchange["method"] as? String == (target == "sink" ? "POST" : "GET"), "\(target)")
                #expect(exchange["status"] as? Int == fetched.status, "\(target)")
                #expect(Self.bytes(exchange["responseBody"]) == fetched.body, "\(target)")
            }
            #expect(Self.bytes(read[4]["requestBody"]) == Array("posted body".utf8))
        }

        private static func bytes(_ base64: Any?) -> [UInt8]? {
            (base64 as? String).flatMap { Data(base64Encoded: $0) }.map { [UInt8]($0) }
        }
    }
}

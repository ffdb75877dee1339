import Foundation
import TestSupport
import Testing

extension LiveProxyTests {
    /// A HAR file exported by a recorder the project did not write: mitmproxy (`mitmdump
    /// --set hardump=`) in front of Python's `http.server`. With the upstream gone, `lab serve
    /// --replay` answers from it with the bytes, statuses and types mitmproxy saw.
    @Suite struct MitmproxyReplayTests {
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
    }
}

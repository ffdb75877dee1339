import Foundation
import TestSupport
import Testing

extension LiveHARTests {
    /// Record through `lab proxy` in front of Python's `http.server`, stop the upstream, and
    /// replay the file with `lab serve --replay`: the same bytes and types, in recorded order.
    @Suite struct HTTPProxyReplayTests {
        @Test func recording_replaysByteIdentical_inRecordedOrder_withTheUpstreamGone() async throws {
            let upstream = try await PythonUpstream.start()
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let path = folder.path + "/api.har"
            let proxy = try LabProcess(["proxy", "--upstream", upstream.url.absoluteString, "--record", path])
            let proxyURL = try await proxy.url()
            let targets = ["json", "binary?size=300000", "missing", "chunked?size=70000", "counter", "counter", "counter"]
            var live: [String: CurlFetch] = [:]
            for target in targets where live[target] == nil {
                live[target] = try await CurlFetch.run(URL(string: proxyURL.absoluteString + "/" + target)!, ["-H", "Authorization: Bearer replay-secret"])
            }
            for _ in 0..<2 { _ = try await CurlFetch.run(URL(string: proxyURL.absoluteString + "/counter")!) }
            proxy.terminate()
            #expect(try await proxy.exit().status == 0)
            upstream.stop()
            #expect(!String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self).contains("replay-secret"))

            let serve = try LabProcess(["serve", "--replay", path])
            let base = try await serve.url().absoluteString
            for target in ["json", "binary?size=300000", "missing", "chunked?size=70000"] {
                let replayed = try await CurlFetch.run(URL(string: base + "/" + target)!)
                let recorded = try #require(live[target])
                #expect(replayed.status == recorded.status, "\(target)")
                #expect(replayed.body == recorded.body, "\(target)")
                #expect(replayed.contentType == recorded.contentType, "\(target)")
            }
            #expect(live["binary?size=300000"]?.body == PythonUpstream.pattern(300_000))
            var counters: [String] = []
            for _ in 0..<4 { counters.append(try await CurlFetch.run(URL(string: base + "/counter")!).text) }
            #expect(counters == ["hit 1", "hit 2", "hit 3", "hit 3"], "recorded order, then the last again")
            let viaRequests = try await PythonRequests.get(URL(string: base + "/binary?size=300000")!).body
            #expect(viaRequests == PythonUpstream.pattern(300_000))

            serve.terminate()
            #expect(try await serve.exit().status == 0)
        }
    }
}

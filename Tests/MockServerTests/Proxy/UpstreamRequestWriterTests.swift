import Foundation
@testable import MockServer
import NetworkCore
import TestSupport
import Testing

extension LiveProxyTests {
    /// Request bodies streaming through `lab proxy` (and the in-process proxy) to Python's
    /// `http.server`: byte-identical with either framing, held back by a slow upstream,
    /// answered early, abandoned by their client, with curl's `100-continue`, and recorded.
    @Suite struct UpstreamRequestWriterTests {
        /// `count` bytes that repeat no pattern shorter than a mebibyte, the same in every run.
        static func body(_ count: Int) -> [UInt8] {
            .cycling((0..<min(count, 1_048_573)).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) }, count: count)
        }

        static func hex(_ bytes: [UInt8]) -> String {
            bytes.map { String(format: "%02x", $0) }.joined()
        }

        /// A `lab proxy` in front of `upstream`, and its URL.
        static func proxy(_ upstream: PythonUpstream, _ flags: [String] = []) async throws -> (LabProcess, URL) {
            let lab = try LabProcess(["proxy", "--upstream", upstream.url.absoluteString] + flags)
            return (lab, try await lab.url())
        }

        static func json(_ bytes: [UInt8]) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        }

        /// What the upstream's `/sink` remembered, oldest first.
        static func sinks(_ upstream: PythonUpstream) async throws -> [[String: Any]] {
            let result = try await Curl.run(upstream.url.appendingPathComponent("sinks"), ["-X", "POST"])
            return try #require(try JSONSerialization.jsonObject(with: Data(result.body)) as? [[String: Any]])
        }

        /// The requests of the HAR file at `url`, in order.
        static func harRequests(_ url: URL) throws -> [[String: Any]] {
            let object = try json(Array(try Data(contentsOf: url)))
            let entries = try #require((object["log"] as? [String: Any])?["entries"] as? [[String: Any]])
            return entries.compactMap { $0["request"] as? [String: Any] }
        }

        /// The proxy's journal entries.
        static func journal(_ url: URL) async throws -> [[String: Any]] {
            let result = try await Curl.run(url.appendingPathComponent("_lab/journal"))
            return try #require(try json(result.body)["requests"] as? [[String: Any]])
        }

        @Test func uploads_reachTheUpstreamByteForByte_withTheirLength_orChunked() async throws {
            let upstream = try await PythonUpstream.start()
            defer { upstream.stop() }
            let (lab, url) = try await Self.proxy(upstream)
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let size = 5 * 1024 * 1024 + 13
            let bytes = Self.body(size)
            let file = folder.url.appendingPathComponent("body")
            try Data(bytes).write(to: file)
            let digest = Self.hex(SHA256.hash(bytes))
            let sink = url.appendingPathComponent("sink")

            let lengthed = try Self.json(try await Curl.run(sink, ["--data-binary", "@\(file.path)"]).body)
            #expect(lengthed["received"] as? Int == size)
            #expect(lengthed["sha256"] as? String == digest)
            #expect(lengthed["contentLength"] as? String == String(size))
            #expect(lengthed["transferEncoding"] is NSNull)

            // curl -T - reads standard input and sends it chunked.
            let chunked = try Self.json(try await Curl.run(sink, ["-T", "-"], stdin: file).body)
            #expect(chunked["received"] as? Int == size)
            #expect(chunked["sha256"] as? String == digest)
            #expect(chunked["transferEncoding"] as? String == "chunked")
            #expect(chunked["contentLength"] is NSNull)

            // Python requests sends a generator's pieces chunked, of uneven sizes.
            let script = """
                import requests, sys
                data = open(sys.argv[2], "rb").read()
                def pieces():
                    start, step = 0, 1
                    while start < len(data):
                        yield data[start:start + step]
                        start += step
                        step = step * 3 + 1
                response = requests.post(sys.argv[1], data=pieces(), proxies={"http": None, "https": None})
                sys.stdout.write(response.text)
                """
            let viaRequests = try Self.json(try await PythonRequests.run(script, [sink.absoluteString, file.path]))
            #expect(viaRequests["received"] as? Int == size)
            #expect(viaRequests["sha256"] as? String == digest)
            #expect(viaRequests["transferEncoding"] as? String == "chunked")

            lab.terminate()
            #expect(try await lab.exit().status == 0)
        }

        @Test func aSlowUpstream_holdsTheClientBack() async throws {
            let upstream = try await PythonUpstream.start()
            defer { upstream.stop() }
            let (lab, url) = try await Self.proxy(upstream)
            let port = try #require(url.port)
            let total = 256 * 1024 * 1024
            // The upstream reads 1 MB/s; for 3 s the client writes as fast as it may.
            let written = try await blocking { () -> Int in
                let client = try RawTCPClient(port: port)
                try client.send(Array("POST /sink?rate=1000000 HTTP/1.1\r\nHost: t\r\nContent-Length: \(total)\r\n\r\n".utf8))
                return client.sendFor(seconds: 3, upTo: total)
            }
            // Without backpressure the proxy would take all 256 MiB in a moment. With it, the
            // client gets about 3 MB through, plus what the four kernel buffers on the way hold.
            #expect(written < 96 * 1024 * 1024, "the client wrote \(written) bytes")
            #expect(written > 1_000_000, "the client wrote only \(written) bytes")
            lab.terminate()
            #expect(try await lab.exit().status == 0)
        }

        @Test func anEarlyAnswer_reachesTheClient_whichConnectionThenCloses() async throws {
            let upstream = try await PythonUpstream.start()
            defer { upstream.stop() }
            let (lab, url) = try await Self.proxy(upstream)
            let port = try #require(url.port)
            let (text, ending) = try await blocking { () -> (String, RawTCPClient.Ending) in
                let client = try RawTCPClient(port: port)
                try client.send(Array("POST /early?status=413 HTTP/1.1\r\nHost: t\r\nContent-Length: 50000000\r\n\r\n".utf8) + Self.body(100_000))
                let (bytes, ending) = client.receive(silence: 10)
                return (String(decoding: bytes, as: UTF8.self), ending)
            }
            #expect(text.hasPrefix("HTTP/1.1 413 "))
            #expect(text.contains("Connection: close\r\n"))
            #expect(text.hasSuffix("refused before the body\n"))
            #expect(ending != .silence)
            // And with curl, which sends 1 MiB and more only after a 100 Continue.
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let file = folder.url.appendingPathComponent("body")
            try Data(Self.body(3_000_000)).write(to: file)
            let refused = try await Curl.run(try #require(URL(string: "\(url.absoluteString)/early?status=401")), ["--data-binary", "@\(file.path)"])
            #expect(refused.status == 401)
            #expect(try await Curl.run(url.appendingPathComponent("json")).status == 200)
            lab.terminate()
            #expect(try await lab.exit().status == 0)
        }

        @Test func aClientLeavingMidBody_abortsTheUpstreamRequest_andTheJournalSaysSo() async throws {
            let upstream = try await PythonUpstream.start()
            defer { upstream.stop() }
            let (lab, url) = try await Self.proxy(upstream)
            let port = try #require(url.port)
            try await blocking {
                let client = try RawTCPClient(port: port)
                try client.send(Array("POST /sink HTTP/1.1\r\nHost: t\r\nContent-Length: 10000000\r\n\r\n".utf8) + Self.body(1_000_000))
                Thread.sleep(forTimeInterval: 0.3)
                client.close()
            }
            try await waitUntil(timeout: 10) { try await !Self.sinks(upstream).isEmpty }
            let sink = try #require(try await Self.sinks(upstream).first)
            #expect(sink["error"] as? String == "body cut off")
            #expect((sink["received"] as? Int).map { $0 <= 1_000_000 } == true)
            let entry = try #require(try await Self.journal(url).first { $0["path"] as? String == "/sink" })
            #expect(entry["outcome"] as? String == "aborted")
            #expect(entry["error"] as? String == "the client closed the connection after 1000000 bytes of the request body")
            #expect(try await Curl.run(url.appendingPathComponent("json")).status == 200)
            lab.terminate()
            #expect(try await lab.exit().status == 0)
        }

        @Test func curlsExpectContinue_isAnsweredOnceTheUpstreamIsReady_andNeverForAnUnreachableOne() async throws {
            let upstream = try await PythonUpstream.start()
            defer { upstream.stop() }
            let (lab, url) = try await Self.proxy(upstream)
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let file = folder.url.appendingPathComponent("body")
            let bytes = Self.body(2 * 1024 * 1024)
            try Data(bytes).write(to: file)
            let sent = try await Curl.run(url.appendingPathComponent("sink"), ["-v", "--data-binary", "@\(file.path)"])
            #expect(sent.stderr.contains("> Expect: 100-continue"))
            #expect(sent.stderr.contains("< HTTP/1.1 100 Continue"))
            let received = try Self.json(sent.body)
            #expect(received["sha256"] as? String == Self.hex(SHA256.hash(bytes)))
            #expect(received["expect"] is NSNull, "the proxy answers the expectation itself")
            lab.terminate()
            #expect(try await lab.exit().status == 0)

            // Nothing listens upstream: a 502 instead of the 100, and no body sent for it.
            let gone = try await PythonUpstream.start()
            gone.stop()
            try await waitUntil { (try? await Curl.run(gone.url.appendingPathComponent("json")))?.exitCode == 7 }
            let nowhere = try LabProcess(["proxy", "--upstream", gone.url.absoluteString])
            let nowhereURL = try await nowhere.url()
            let refused = try await Curl.run(
                nowhereURL.appendingPathComponent("sink"), ["-v", "--data-binary", "@\(file.path)"], writeOut: "%{http_code} %{size_upload}"
            )
            #expect(refused.writeOut.hasPrefix("502 "), "\(refused.writeOut)")
            #expect(!refused.stderr.contains("100 Continue"))
            #expect(refused.writeOut.hasSuffix(" 0"), "curl sent the body anyway: \(refused.writeOut)")
            nowhere.terminate()
            #expect(try await nowhere.exit().status == 0)
        }

        @Test func recordAndTheJournal_keepASmallBodyWhole_andALargeOnesStart_withItsSize() async throws {
            let upstream = try await PythonUpstream.start()
            defer { upstream.stop() }
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let har = folder.url.appendingPathComponent("proxy.har")
            let (lab, url) = try await Self.proxy(upstream, ["--record", har.path])
            let small = #"{"hello": "world"}"#
            _ = try await Curl.run(url.appendingPathComponent("sink"), ["-H", "Content-Type: application/json", "--data-binary", small])
            let large = Array(repeating: UInt8(ascii: "x"), count: 3 * 1024 * 1024)
            let file = folder.url.appendingPathComponent("large")
            try Data(large).write(to: file)
            _ = try await Curl.run(url.appendingPathComponent("sink"), ["-H", "Content-Type: text/plain", "-T", "-"], stdin: file)
            let journal = try await Curl.run(url.appendingPathComponent("_lab/journal.har"))
            lab.terminate()
            #expect(try await lab.exit().status == 0)

            // The journal's export agrees with the recording on bodySize, and on postData up to
            // the journal's 64 KiB: its first 64 KiB are the recording's.
            let exported = try Self.json(journal.body)
            let journaled = try #require((exported["log"] as? [String: Any])?["entries"] as? [[String: Any]])
                .compactMap { $0["request"] as? [String: Any] }.filter { ($0["url"] as? String)?.hasSuffix("/sink") == true }
            #expect(journaled.count == 2)
            for (recorded, journaled) in zip(try Self.harRequests(har), journaled) {
                let text = try #require((recorded["postData"] as? [String: Any])?["text"] as? String)
                let kept = try #require((journaled["postData"] as? [String: Any])?["text"] as? String)
                let keptLength: Int = min(text.utf8.count, 64 * 1024)
                #expect(kept.utf8.count == keptLength)
                #expect(text.hasPrefix(kept))
                #expect(journaled["bodySize"] as? Int == recorded["bodySize"] as? Int)
            }

            let entries = try Self.harRequests(har)
            #expect(entries.count == 2)
            let first = try #require(entries.first)
            #expect((first["postData"] as? [String: Any])?["text"] as? String == small)
            #expect(first["bodySize"] as? Int == small.utf8.count)
            let second = try #require(entries.last)
            let text = try #require((second["postData"] as? [String: Any])?["text"] as? String)
            #expect(text.utf8.count == ProxiedExchange.recordedRequestBodyLimit)
            #expect(second["bodySize"] as? Int == large.count)
        }

        /// curl `--next`: a Content-Length upload, a chunked one and a GET on one client
        /// connection, each answered in full, on one upstream connection the proxy pooled.
        @Test func streamedUploads_keepBothConnectionsAlive_forTheRequestsAfterThem() async throws {
            let upstream = try await PythonUpstream.start()
            defer { upstream.stop() }
            let (lab, url) = try await Self.proxy(upstream)
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let lengthed = Self.body(3 * 1024 * 1024 + 5)
            let chunked = Array(Self.body(2 * 1024 * 1024 + 7).reversed())
            let lengthedFile = folder.url.appendingPathComponent("lengthed")
            let chunkedFile = folder.url.appendingPathComponent("chunked")
            try Data(lengthed).write(to: lengthedFile)
            try Data(chunked).write(to: chunkedFile)
            let chunkedAnswer = folder.url.appendingPathComponent("chunked-answer")
            let peerAnswer = folder.url.appendingPathComponent("peer-answer")
            let sink = url.appendingPathComponent("sink").absoluteString
            let writeOut = "%{http_code} %{num_connects}\n"
            let next = ["--next", "-sS", "--noproxy", "*", "-w", writeOut]
            // Curl.run gives the first transfer its -o and -w, and appends the last URL.
            let result = try await Curl.run(
                url.appendingPathComponent("peer"),
                ["--data-binary", "@\(lengthedFile.path)", sink] + next + ["-o", chunkedAnswer.path, "-T", "-", sink] + next + ["-o", peerAnswer.path],
                writeOut: writeOut, stdin: chunkedFile
            )
            #expect(result.exitCode == 0, "\(result.stderr)")
            // One new connection, for the first transfer; the other two reused it.
            #expect(result.writeOut == "200 1\n200 0\n200 0\n")

            let first = try Self.json(result.body)
            #expect(first["received"] as? Int == lengthed.count)
            #expect(first["sha256"] as? String == Self.hex(SHA256.hash(lengthed)))
            #expect(first["contentLength"] as? String == String(lengthed.count))
            let second = try Self.json(Array(try Data(contentsOf: chunkedAnswer)))
            #expect(second["received"] as? Int == chunked.count)
            #expect(second["sha256"] as? String == Self.hex(SHA256.hash(chunked)))
            #expect(second["transferEncoding"] as? String == "chunked")
            let third = try Self.json(Array(try Data(contentsOf: peerAnswer)))
            // The upstream saw one client port: the proxy's pooled connection carried all three.
            let peer = try #require(first["peer"] as? Int)
            #expect(second["peer"] as? Int == peer && third["peer"] as? Int == peer, "\(first) \(second) \(third)")

            let entries = try await Self.journal(url).filter { ["/sink", "/peer"].contains($0["path"] as? String) }
            #expect(entries.count == 3)
            #expect(Set(entries.compactMap { $0["connection"] as? Int }).count == 1, "\(entries)")
            lab.terminate()
            #expect(try await lab.exit().status == 0)
        }

        @Test func theInProcessProxy_streamsUploadsAndAnswersEarlyToo() async throws {
            let upstream = try await PythonUpstream.start()
            defer { upstream.stop() }
            let proxy = try await MockServer.start(upstream: upstream.url)
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let bytes = Self.body(80 * 1024 * 1024 + 1)
            let file = folder.url.appendingPathComponent("body")
            try Data(bytes).write(to: file)
            // 80 MiB: over the server's own 64 MiB limit, which streamed bodies do not have.
            let chunked = try Self.json(try await Curl.run(proxy.url("/sink"), ["-T", "-"], stdin: file).body)
            #expect(chunked["received"] as? Int == bytes.count)
            #expect(chunked["sha256"] as? String == (try await Sha256sum.of(file.path)))
            // The journal keeps the body's first 64 KiB and its whole size.
            await proxy.settled()
            let journaled = try await proxy.entry("/sink")
            #expect(journaled.requestBodySize == Int64(bytes.count))
            #expect(journaled.requestBody == Array(bytes.prefix(64 * 1024)))
            let early = try await Curl.run(proxy.url("/early?status=413"), ["--data-binary", "@\(file.path)"])
            #expect(String(decoding: early.body, as: UTF8.self) == "refused before the body\n")
            #expect(early.status == 413)
            await proxy.close()
        }

        @Test func theUploadBandwidth_pacesAStreamedBody_andTheLatencyStillDelaysTheAnswer() async throws {
            let upstream = try await PythonUpstream.start()
            defer { upstream.stop() }
            var configuration = MockServer.Configuration(link: LinkProfile(latency: .milliseconds(300), uploadBandwidth: .bytesPerSecond(400_000)))
            configuration.upstream = MockServer.Upstream(url: upstream.url)
            let proxy = try await MockServer.start(configuration)
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let file = folder.url.appendingPathComponent("body")
            try Data(count: 400_000).write(to: file)
            let sent = try await Curl.run(proxy.url("/sink"), ["-H", "Expect:", "--data-binary", "@\(file.path)"])
            #expect(try Self.json(sent.body)["received"] as? Int == 400_000)
            await proxy.settled()
            // From the request head to the body's last byte: 400 KB at 400 KB/s.
            let entry = try await proxy.entry("/sink")
            let requestTime = entry.requestTime.seconds
            #expect(requestTime >= 0.9 && requestTime < 10, "\(requestTime) s")
            // The answer comes after the body and the upstream, then the link's latency.
            let firstByte = try #require(entry.timeToFirstByte).seconds
            #expect(firstByte >= requestTime + 0.3, "first byte at \(firstByte) s, body in at \(requestTime) s")
            await proxy.close()
        }
    }
}

import Foundation
@testable import Lab
import TestSupport
import Testing

extension LiveProxyTests {
    /// `lab proxy --upstream https://... --upstream-ca ca.pem` in front of Python's
    /// `http.server` wrapped in `ssl`, with curl as the client: what the https:// leg delivers
    /// is exactly what the upstream sent, as on the http:// leg.
    @Suite struct TLSTransportTests {
        static func proxy(_ upstream: TLSUpstream, _ more: [String] = []) throws -> LabProcess {
            try LabProcess(["proxy", "--upstream", upstream.url.absoluteString, "--upstream-ca", upstream.authority] + more)
        }

        @Test func httpsProxy_forwardsBodiesByteForByte_asTheUpstreamSendsThem() async throws {
            let upstream = try await TLSUpstream.start()
            defer { upstream.stop() }
            let lab = try Self.proxy(upstream)
            let line = try #require(try await lab.firstLine(), "lab proxy exited before printing its URL")
            #expect(line.contains("to https://localhost:\(upstream.port)"))
            let url = try await lab.url()
            let trust = ["--cacert", upstream.authority]

            for target in ["/json", "/binary?size=3000000", "/missing", "/chunked?size=250000", "/gzip"] {
                let direct = try await CurlFetch.run(upstream.url(target), trust)
                let proxied = try await CurlFetch.run(URL(string: url.absoluteString + target)!)
                #expect(direct.exitCode == 0 && proxied.exitCode == 0, "\(target)")
                #expect(proxied.status == direct.status, "\(target)")
                #expect(proxied.body == direct.body, "\(target): \(proxied.body.count) bytes, upstream sent \(direct.body.count)")
                #expect(proxied.contentType == direct.contentType, "\(target)")
                #expect(proxied.values("Content-Encoding") == direct.values("Content-Encoding"), "\(target)")
                #expect(proxied.values("Content-Length") == direct.values("Content-Length"), "\(target)")
                #expect(proxied.values("Transfer-Encoding") == direct.values("Transfer-Encoding"), "\(target)")
            }
            let binary = try await CurlFetch.run(URL(string: url.absoluteString + "/binary?size=3000000")!)
            #expect(binary.body == PythonUpstream.pattern(3_000_000))
            let gzip = try await CurlFetch.run(url.appendingPathComponent("gzip"))
            #expect(gzip.values("Content-Encoding") == ["gzip"], "the body passes through still compressed")
            #expect(Array(gzip.body.prefix(2)) == [0x1f, 0x8b], "gzip's magic number")
            let missing = try await CurlFetch.run(url.appendingPathComponent("missing"))
            #expect(missing.status == 404 && missing.text == "no such thing here\n")
            let head = try await CurlFetch.run(URL(string: url.absoluteString + "/binary?size=3000000")!, ["-I"])
            #expect(head.status == 200 && head.values("Content-Length") == ["3000000"])

            let posted = try await CurlFetch.run(url.appendingPathComponent("echo"), ["--data-binary", "name=lab&bytes=\u{e9}"])
            let echo = try #require(try JSONSerialization.jsonObject(with: Data(posted.body)) as? [String: Any])
            #expect(posted.status == 200 && echo["received"] as? Int == 17)

            let journal = try await CurlFetch.run(url.appendingPathComponent("_lab/journal"))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(journal.body)) as? [String: Any])
            let requests = try #require(object["requests"] as? [[String: Any]])
            let forwarded = requests.filter { ($0["path"] as? String)?.hasPrefix("/_lab/") != true }
            #expect(forwarded.count == 10)
            for request in forwarded {
                let upstreamTime = try #require(request["upstreamTimeToFirstByte"] as? Double, "\(request)")
                let clientTime = try #require(request["timeToFirstByte"] as? Double)
                // 0 when the response head came before the forwarder marked the (empty) body sent.
                #expect(upstreamTime >= 0 && upstreamTime <= clientTime)
            }
            lab.terminate()
            let exit = try await lab.exit()
            #expect(exit.status == 0, "\(exit.stderr)")
        }

        @Test func httpsProxy_keepsRepeatedFieldsRepeated_dropsHopByHopFields_andAddsViaWithTheUpstreamsVersion() async throws {
            let upstream = try await TLSUpstream.start()
            defer { upstream.stop() }
            let lab = try Self.proxy(upstream)
            let url = try await lab.url()

            let cookies = try await CurlFetch.run(url.appendingPathComponent("cookies"))
            #expect(cookies.values("Set-Cookie") == ["a=1; Path=/", "b=2, c; Path=/"])

            let fetched = try await CurlFetch.run(URL(string: url.absoluteString + "/headers?q=1")!, [
                "-H", "User-Agent:", "-H", "Accept:", "-H", "Connection: X-Private", "-H", "X-Private: drop me",
                "-H", "Keep-Alive: timeout=9", "-H", "X-Custom: kept",
            ])
            #expect(fetched.status == 200)
            let received = try #require(try JSONSerialization.jsonObject(with: Data(fetched.body)) as? [String: Any])
            #expect(received["target"] as? String == "/headers?q=1")
            let pairs = try #require(received["headers"] as? [[String]])
            var seen: [String: [String]] = [:]
            for pair in pairs where pair.count == 2 { seen[pair[0].lowercased(), default: []].append(pair[1]) }
            #expect(seen["host"] == ["localhost:\(upstream.port)"])
            #expect(seen["via"] == ["1.1 networklab"])
            #expect(seen["x-custom"] == ["kept"])
            for absent in ["x-private", "keep-alive", "user-agent", "accept", "accept-encoding"] {
                #expect(seen[absent] == nil, "\(absent): \(seen[absent] ?? [])")
            }
            #expect(fetched.values("X-Hop").isEmpty)
            #expect(fetched.values("Keep-Alive").isEmpty)
            #expect(fetched.values("X-End") == ["kept"])
            #expect(fetched.values("Via") == ["1.1 networklab"])
            let old = try await CurlFetch.run(url.appendingPathComponent("http10"))
            #expect(old.text == "ok" && old.values("Via") == ["1.0 networklab"], "the upstream's own version")
            let redirect = try await CurlFetch.run(url.appendingPathComponent("redirect"))
            #expect(redirect.status == 302 && redirect.values("Location") == ["/json"], "handed over, not followed")
            lab.terminate()
            _ = try await lab.exit()
        }

        /// A request body streams up through TLS while the response head is awaited.
        @Test func httpsProxy_streamsUploadsByteForByte_inEitherFraming_andPassesEarlyAnswers() async throws {
            let upstream = try await TLSUpstream.start()
            defer { upstream.stop() }
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let file = folder.path + "/upload.bin"
            try Data(PythonUpstream.pattern(8_000_000)).write(to: URL(fileURLWithPath: file))
            let digest = try await Sha256sum.of(file)
            let lab = try Self.proxy(upstream)
            let url = try await lab.url()
            for framing in [[], ["-H", "Transfer-Encoding: chunked"]] {
                let sent = try await CurlFetch.run(url.appendingPathComponent("sink"), ["--data-binary", "@" + file] + framing)
                let result = try #require(try JSONSerialization.jsonObject(with: Data(sent.body)) as? [String: Any], "\(sent.text)")
                #expect(sent.status == 200)
                #expect(result["received"] as? Int == 8_000_000, "\(framing)")
                #expect(result["sha256"] as? String == digest, "\(framing)")
            }
            let early = try await CurlFetch.run(url.appendingPathComponent("early"), ["--data-binary", "@" + file])
            #expect(early.status == 413 && early.text == "refused before the body\n")
            lab.terminate()
            let exit = try await lab.exit()
            #expect(exit.status == 0, "\(exit.stderr)")
        }

        @Test func httpsProxy_reusesItsUpstreamConnection_acrossClientConnections() async throws {
            let upstream = try await TLSUpstream.start()
            defer { upstream.stop() }
            let lab = try Self.proxy(upstream)
            let url = try await lab.url()
            // Each curl run is a new client connection; the upstream sees one TLS connection.
            var ports: [String] = []
            for _ in 0..<3 {
                let peer = try await CurlFetch.run(url.appendingPathComponent("peer"))
                #expect(peer.status == 200)
                ports.append(peer.text)
            }
            #expect(Set(ports).count == 1, "\(ports)")
            lab.terminate()
            _ = try await lab.exit()
        }

        @Test func httpsProxy_answers502_namingTheFailedCheck_andKeepsServing() async throws {
            let upstream = try await TLSUpstream.start()
            defer { upstream.stop() }
            let untrusting = try LabProcess(["proxy", "--upstream", upstream.url.absoluteString])
            let untrustingURL = try await untrusting.url()
            for _ in 0..<2 {
                let refused = try await CurlFetch.run(untrustingURL.appendingPathComponent("json"))
                #expect(refused.status == 502)
                #expect(refused.text.contains("TLS handshake with the upstream localhost:\(upstream.port) failed"), "\(refused.text)")
                #expect(refused.text.contains("certificate verify failed: unable to get local issuer certificate"), "\(refused.text)")
            }
            untrusting.terminate()
            #expect(try await untrusting.exit().status == 0)

            let selfSigned = try await TLSUpstream.start(presenting: .selfSigned)
            defer { selfSigned.stop() }
            let toSelfSigned = try LabProcess(["proxy", "--upstream", selfSigned.url.absoluteString])
            let bad = try await CurlFetch.run(try await toSelfSigned.url().appendingPathComponent("json"))
            #expect(bad.status == 502)
            #expect(bad.text.contains("certificate verify failed: self-signed certificate"), "\(bad.text)")
            toSelfSigned.terminate()
            _ = try await toSelfSigned.exit()

            let otherName = try await TLSUpstream.start(presenting: .otherName)
            defer { otherName.stop() }
            let toOtherName = try Self.proxy(otherName)
            let mismatch = try await CurlFetch.run(try await toOtherName.url().appendingPathComponent("json"))
            #expect(mismatch.status == 502)
            #expect(mismatch.text.contains("certificate verify failed: hostname mismatch"), "\(mismatch.text)")
            toOtherName.terminate()
            _ = try await toOtherName.exit()

            // Plain HTTP where TLS was expected: the handshake fails, saying so.
            let plain = try await PythonUpstream.start()
            defer { plain.stop() }
            let toPlain = try LabProcess(["proxy", "--upstream", "https://127.0.0.1:\(plain.port)", "--upstream-ca", upstream.authority])
            let garbled = try await CurlFetch.run(try await toPlain.url().appendingPathComponent("json"))
            #expect(garbled.status == 502)
            #expect(garbled.text.contains("TLS handshake with the upstream 127.0.0.1:\(plain.port) failed"), "\(garbled.text)")
            toPlain.terminate()
            _ = try await toPlain.exit()
        }

        @Test func httpsProxy_answers502_whenTheUpstreamIsDown_andKeepsServing() async throws {
            let upstream = try await TLSUpstream.start()
            defer { upstream.stop() }
            let lab = try Self.proxy(upstream)
            let url = try await lab.url()
            #expect(try await CurlFetch.run(url.appendingPathComponent("json")).status == 200)
            try await upstream.server.stopped()
            for _ in 0..<2 {
                let down = try await CurlFetch.run(url.appendingPathComponent("json"))
                #expect(down.status == 502)
                #expect(down.text.contains("refused the connection"), "\(down.text)")
                #expect(down.values("Via") == ["1.1 networklab"])
            }
            let journal = try await CurlFetch.run(url.appendingPathComponent("_lab/journal"))
            #expect(journal.status == 200, "the proxy keeps serving")
            lab.terminate()
            let exit = try await lab.exit()
            #expect(exit.status == 0, "\(exit.stderr)")
        }
    }
}

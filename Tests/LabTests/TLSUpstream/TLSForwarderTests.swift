import Foundation
@testable import Lab
import MockServer
import TestSupport
import Testing

extension LiveTests {
    /// `lab proxy --upstream https://...` in front of Python's `http.server` wrapped in `ssl`,
    /// with a throwaway CA that only the lab under test trusts (``TrustingLab``), and curl as
    /// the client.
    @Suite struct TLSForwarderTests {
        @Test func httpsProxy_forwardsBodiesByteForByte_asTheUpstreamSendsThem() async throws {
            let certificates = try await TestCertificates.make()
            defer { certificates.remove() }
            let upstream = try await PythonUpstream.start(tls: (certificates.certificate, certificates.key))
            defer { upstream.stop() }
            let lab = try await TrustingLab.start(["proxy", "--upstream", upstream.url.absoluteString], trusting: certificates.authority)
            let line = try #require(try await lab.firstLine(), "lab proxy exited before printing its URL")
            #expect(line.contains("to https://localhost:\(upstream.port)"))
            let url = try await lab.url()
            let trust = ["--cacert", certificates.authority]

            for target in ["json", "binary?size=3000000", "missing", "chunked?size=250000"] {
                let direct = try await CurlFetch.run(URL(string: upstream.url.absoluteString + "/" + target)!, trust)
                let proxied = try await CurlFetch.run(URL(string: url.absoluteString + "/" + target)!)
                #expect(direct.exitCode == 0 && proxied.exitCode == 0, "\(target)")
                #expect(proxied.status == direct.status, "\(target)")
                #expect(proxied.body == direct.body, "\(target): \(proxied.body.count) bytes, upstream sent \(direct.body.count)")
                #expect(proxied.contentType == direct.contentType, "\(target)")
            }
            let binary = try await CurlFetch.run(URL(string: url.absoluteString + "/binary?size=3000000")!)
            #expect(binary.body == PythonUpstream.pattern(3_000_000))
            #expect(binary.values("Content-Length") == ["3000000"], "the upstream's length is kept")
            let head = try await CurlFetch.run(URL(string: url.absoluteString + "/binary?size=3000000")!, ["-I"])
            #expect(head.status == 200 && head.exitCode == 0)
            #expect(head.values("Content-Length") == ["3000000"], "a HEAD response announces the upstream's length")
            let missing = try await CurlFetch.run(url.appendingPathComponent("missing"))
            #expect(missing.status == 404 && missing.text == "no such thing here\n")

            let posted = try await CurlFetch.run(url.appendingPathComponent("echo"), ["--data-binary", "name=lab&bytes=\u{e9}"])
            let echo = try #require(try JSONSerialization.jsonObject(with: Data(posted.body)) as? [String: Any])
            #expect(posted.status == 200)
            #expect(echo["received"] as? Int == 17)
            #expect(echo["echo"] as? String == "name=lab&bytes=\u{c3}\u{a9}")

            let journal = try await CurlFetch.run(url.appendingPathComponent("_lab/journal"))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(journal.body)) as? [String: Any])
            let requests = try #require(object["requests"] as? [[String: Any]])
            let forwarded = requests.filter { ($0["path"] as? String)?.hasPrefix("/_lab/") != true }
            #expect(forwarded.count == 8)
            for request in forwarded {
                let upstreamTime = try #require(request["upstreamTimeToFirstByte"] as? Double, "\(request)")
                let clientTime = try #require(request["timeToFirstByte"] as? Double)
                #expect(upstreamTime > 0 && upstreamTime <= clientTime)
            }

            lab.terminate()
            let exit = try await lab.exit()
            #expect(exit.status == 0, "\(exit.stderr)")
        }

        @Test func httpsProxy_dropsHopByHopFields_addsVia_andAddsNoFieldsOfItsOwn() async throws {
            let certificates = try await TestCertificates.make()
            defer { certificates.remove() }
            let upstream = try await PythonUpstream.start(tls: (certificates.certificate, certificates.key))
            defer { upstream.stop() }
            let lab = try await TrustingLab.start(["proxy", "--upstream", upstream.url.absoluteString + "/"], trusting: certificates.authority)
            let url = try await lab.url()

            // curl's own User-Agent and Accept are removed: the upstream must see only what the client sent.
            let fetched = try await CurlFetch.run(URL(string: url.absoluteString + "/headers?q=1")!, [
                "-H", "User-Agent:", "-H", "Accept:", "-H", "Connection: X-Private", "-H", "X-Private: drop me",
                "-H", "Keep-Alive: timeout=9", "-H", "X-Custom: kept", "-H", "Cookie: a=1", "-H", "Cookie: b=2",
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
            #expect(seen["cookie"] == ["a=1; b=2"])
            for absent in ["x-private", "keep-alive", "user-agent", "accept", "accept-language", "accept-encoding", "content-type"] {
                #expect(seen[absent] == nil, "\(absent): \(seen[absent] ?? [])")
            }
            // The upstream's response: `Connection: X-Hop`, `X-Hop`, `Keep-Alive` dropped, `Via` added.
            #expect(fetched.values("X-Hop").isEmpty)
            #expect(fetched.values("Keep-Alive").isEmpty)
            #expect(fetched.values("X-End") == ["kept"])
            #expect(fetched.values("Set-Cookie") == ["session=s3cr3t-cookie; Path=/"])
            #expect(fetched.values("Via") == ["1.1 networklab"])

            lab.terminate()
            _ = try await lab.exit()
        }

        @Test func httpsProxy_handsRedirectsOver_andGzipBodiesArriveDecodedWithoutTheirEncoding() async throws {
            let certificates = try await TestCertificates.make()
            defer { certificates.remove() }
            let upstream = try await PythonUpstream.start(tls: (certificates.certificate, certificates.key))
            defer { upstream.stop() }
            let lab = try await TrustingLab.start(["proxy", "--upstream", upstream.url.absoluteString], trusting: certificates.authority)
            let url = try await lab.url()

            let redirect = try await CurlFetch.run(url.appendingPathComponent("redirect"))
            #expect(redirect.status == 302, "URLSession must not follow it")
            #expect(redirect.values("Location") == ["/json"])

            // libcurl under URLSession decodes gzip whatever the request says: the client gets
            // the decoded text, and no Content-Encoding that would make it decode twice.
            let gzip = try await CurlFetch.run(url.appendingPathComponent("gzip"), ["-H", "Accept-Encoding: gzip"])
            #expect(gzip.status == 200)
            #expect(gzip.text == String(repeating: "networklab gzip text ", count: 50))
            #expect(gzip.values("Content-Encoding").isEmpty)

            lab.terminate()
            _ = try await lab.exit()
        }

        @Test func httpsProxy_answers502_forAnUntrustedCertificate_andARefusedPort_andKeepsServing() async throws {
            let certificates = try await TestCertificates.make()
            defer { certificates.remove() }
            let upstream = try await PythonUpstream.start(tls: (certificates.certificate, certificates.key))
            defer { upstream.stop() }

            // Without the namespace, the system store does not know the test CA.
            let untrusting = try LabProcess(["proxy", "--upstream", upstream.url.absoluteString])
            let untrustingURL = try await untrusting.url()
            for _ in 0..<2 {
                let refused = try await CurlFetch.run(untrustingURL.appendingPathComponent("json"))
                #expect(refused.status == 502)
                #expect(refused.text.contains("TLS handshake with the upstream localhost:\(upstream.port) failed"), "\(refused.text)")
                #expect(refused.text.contains("certificate"), "\(refused.text)")
                #expect(refused.text.contains("update-ca-certificates"), "\(refused.text)")
            }
            untrusting.terminate()
            _ = try await untrusting.exit()

            let gone = try await PythonUpstream.start()
            let closed = gone.port
            gone.stop()
            let lab = try await TrustingLab.start(["proxy", "--upstream", "https://localhost:\(closed)"], trusting: certificates.authority)
            let url = try await lab.url()
            for _ in 0..<2 {
                let down = try await CurlFetch.run(url.appendingPathComponent("json"))
                #expect(down.status == 502)
                #expect(down.text.contains("refused the connection"), "\(down.text)")
                #expect(down.values("Via") == ["1.1 networklab"])
            }
            lab.terminate()
            let exit = try await lab.exit()
            #expect(exit.status == 0, "\(exit.stderr)")
        }

        @Test func httpsProxy_appliesFaults_cutsBrokenBodies_andLetsTheUpstreamGoWhenTheClientIsCut() async throws {
            let certificates = try await TestCertificates.make()
            defer { certificates.remove() }
            let upstream = try await PythonUpstream.start(tls: (certificates.certificate, certificates.key))
            defer { upstream.stop() }
            let lab = try await TrustingLab.start(["proxy", "--upstream", upstream.url.absoluteString, "--latency", "150ms",
                                                   "--fault", "truncate-after:1MB", "--fault-first", "1"],
                                                  trusting: certificates.authority)
            let url = try await lab.url()
            let zeros = URL(string: url.absoluteString + "/zeros?size=60000000")!

            // The client is cut after 1 MB of a 60 MB body it reads slowly: the upstream's transfer is dropped too.
            let cut = try await CurlFetch.run(zeros, ["--limit-rate", "5M"])
            #expect(cut.exitCode == 18, "curl: partial file")
            #expect(cut.body.count == 1_000_000, "truncate-after:1MB lets exactly 1 MB through")
            try await waitUntil(timeout: 20) { try Self.spoolFiles(lab.pid) == 0 }
            let whole = try await CurlFetch.run(zeros)
            #expect(whole.status == 200 && whole.body.count == 60_000_000, "the fault fired on the first request only")

            // The upstream announces 100,000 bytes and closes after 5,000: the client's response is cut, never completed.
            let broken = try await CurlFetch.run(url.appendingPathComponent("broken-length"))
            #expect(broken.exitCode == 18, "curl: partial file")
            #expect(broken.body == PythonUpstream.pattern(5_000))

            let journal = try await CurlFetch.run(url.appendingPathComponent("_lab/journal"))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(journal.body)) as? [String: Any])
            let requests = try #require(object["requests"] as? [[String: Any]])
            let entry = try #require(requests.first { $0["path"] as? String == "/broken-length" })
            #expect(entry["outcome"] as? String == "aborted")
            #expect((entry["error"] as? String)?.contains("broke off its response body") == true, "\(entry)")
            let complete = try #require(requests.first { $0["path"] as? String == "/zeros" && $0["outcome"] as? String == "complete" })
            let clientTime = try #require(complete["timeToFirstByte"] as? Double)
            let upstreamTime = try #require(complete["upstreamTimeToFirstByte"] as? Double)
            #expect(clientTime >= 0.15 + upstreamTime, "the link's latency comes on top of the upstream's time")
            lab.terminate()
            let exit = try await lab.exit()
            #expect(exit.status == 0, "\(exit.stderr)")
        }

        @Test func httpsProxy_answers504_whenTheUpstreamSendsNoHeadInTime_andCutsABodyThatStops() async throws {
            let certificates = try await TestCertificates.make()
            defer { certificates.remove() }
            let upstream = try await PythonUpstream.start(tls: (certificates.certificate, certificates.key))
            defer { upstream.stop() }
            let lab = try await TrustingLab.start(["proxy", "--upstream", upstream.url.absoluteString, "--upstream-timeout", "1s"],
                                                  trusting: certificates.authority)
            let url = try await lab.url()
            let (silent, elapsed) = try await blocking { () -> (CurlFetch, Double) in
                let start = Date()
                let fetched = try CurlFetch.fetch(url.appendingPathComponent("silent"))
                return (fetched, Date().timeIntervalSince(start))
            }
            #expect(silent.status == 504)
            #expect(silent.text.contains("sent no response head within 1.0 seconds"), "\(silent.text)")
            #expect(elapsed >= 1.0, "not before the timeout")
            let after = try await CurlFetch.run(url.appendingPathComponent("json"))
            #expect(after.status == 200, "the proxy keeps serving")

            // A body that stops for longer than the timeout is cut, not held open forever.
            let (stalled, stalledFor) = try await blocking { () -> (CurlFetch, Double) in
                let start = Date()
                let fetched = try CurlFetch.fetch(url.appendingPathComponent("stall-body"), ["--max-time", "20"])
                return (fetched, Date().timeIntervalSince(start))
            }
            #expect(stalled.exitCode == 18, "curl: partial file (28 would be its own --max-time)")
            #expect(stalled.body == PythonUpstream.pattern(5_000))
            #expect(stalledFor >= 1.0, "not before the timeout")
            lab.terminate()
            _ = try await lab.exit()
        }

        @Test func httpsProxy_recordsHTTPSExchangesInAHARFile() async throws {
            let certificates = try await TestCertificates.make()
            defer { certificates.remove() }
            let upstream = try await PythonUpstream.start(tls: (certificates.certificate, certificates.key))
            defer { upstream.stop() }
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let path = folder.path + "/api.har"
            let lab = try await TrustingLab.start(["proxy", "--upstream", upstream.url.absoluteString, "--record", path],
                                                  trusting: certificates.authority)
            let url = try await lab.url()
            _ = try await CurlFetch.run(url.appendingPathComponent("json"))
            _ = try await CurlFetch.run(URL(string: url.absoluteString + "/binary?size=100000")!)
            _ = try await CurlFetch.run(url.appendingPathComponent("echo"), ["--data-binary", "hello"])
            lab.terminate()
            let exit = try await lab.exit()
            #expect(exit.status == 0, "\(exit.stderr)")

            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(HARFieldCheck.problems(in: data) == [])
            let entries = try HARArchive(json: data, source: path).log.entries
            try #require(entries.count == 3)
            #expect(entries.map(\.request.url) == [
                "https://localhost:\(upstream.port)/json", "https://localhost:\(upstream.port)/binary?size=100000",
                "https://localhost:\(upstream.port)/echo",
            ])
            #expect(entries[0].response.content.text == #"{"name": "networklab", "values": [1, 2, 3], "ok": true}"#)
            #expect(entries[1].response.content.bytes == PythonUpstream.pattern(100_000))
            #expect(entries[2].request.method == "POST")
            #expect(entries[2].response.content.text == #"{"received": 5, "echo": "hello"}"#)
            #expect(entries.allSatisfy { $0.timings.wait > 0 && $0.timings.receive >= 0 })
        }

        @Test func httpsProxy_keepsAFarBehindClientsBodyOutOfMemory() async throws {
            let certificates = try await TestCertificates.make()
            defer { certificates.remove() }
            let upstream = try await PythonUpstream.start(tls: (certificates.certificate, certificates.key))
            defer { upstream.stop() }
            let lab = try await TrustingLab.start(["proxy", "--upstream", upstream.url.absoluteString], trusting: certificates.authority)
            let url = try await lab.url()
            _ = try await CurlFetch.run(url.appendingPathComponent("json"))
            let baseline = try Self.residentBytes(lab.pid)
            let size = 128 * 1024 * 1024
            let pid = lab.pid
            // The client reads at 40 MB/s: the upstream is done long before it is.
            let (fetched, peak) = try await blocking { () -> (CurlFetch, Int64) in
                var peak: Int64 = 0
                let fetched = try CurlFetch.fetch(URL(string: url.absoluteString + "/zeros?size=\(size)")!, ["--limit-rate", "40M"]) {
                    if let resident = try? Self.residentBytes(pid) { peak = max(peak, resident) }
                }
                return (fetched, peak)
            }
            #expect(fetched.status == 200)
            #expect(Data(fetched.body) == Data(count: size), "\(fetched.body.count) bytes")
            // Under a sanitizer freed memory sits in quarantine: the body must still arrive whole.
            if !Sanitizers.present {
                #expect(peak - baseline < 64 * 1024 * 1024, "a 128 MiB body grew lab from \(baseline >> 20) MiB to \(peak >> 20) MiB")
            }
            lab.terminate()
            _ = try await lab.exit()
        }

        /// The spool files `pid` holds open (unlinked, so only its descriptors show them).
        static func spoolFiles(_ pid: Int32) throws -> Int {
            let descriptors = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")
            return descriptors.filter { descriptor in
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(descriptor)")) ?? ""
                return target.contains("lab-proxy-spool-")
            }.count
        }

        static func residentBytes(_ pid: Int32) throws -> Int64 {
            let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
                  let kilobytes = Int64(line.split(separator: " ").dropFirst().first ?? "") else {
                throw LabTestError("no VmRSS in /proc/\(pid)/status")
            }
            return kilobytes * 1024
        }
    }
}

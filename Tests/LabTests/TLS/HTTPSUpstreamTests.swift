import Foundation
@testable import Lab
import MockServer
import TestSupport
import Testing

extension LiveProxyTests {
    /// `lab proxy` and `lab serve --replay-miss proxy` with an https:// upstream: the trust
    /// they start with (the system's store, or `--upstream-ca FILE` alone), and the proxy's
    /// link, faults, timeouts, recording and memory bound on the TLS leg.
    @Suite struct HTTPSUpstreamTests {
        /// In a private namespace where the test authority is the system's bundle
        /// (``TrustingLab``): no flag needed, the system's store is the default.
        @Test func httpsProxy_trustsTheSystemStore_byDefault() async throws {
            let upstream = try await TLSUpstream.start()
            defer { upstream.stop() }
            let lab = try await TrustingLab.start(["proxy", "--upstream", upstream.url.absoluteString], trusting: upstream.authority)
            let fetched = try await CurlFetch.run(try await lab.url().appendingPathComponent("json"))
            #expect(fetched.status == 200, "\(fetched.text)")
            #expect(fetched.text.contains("networklab"))
            lab.terminate()
            let exit = try await lab.exit()
            #expect(exit.status == 0, "\(exit.stderr)")
        }

        @Test func upstreamCA_isRefused_withExitTwoAndOneLine_whenItCannotBeUsed() async throws {
            let certificates = try await TestCertificates.shared()
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let archive = folder.path + "/empty.har"
            try Data(LiveHARTests.ReplayMissProxyTests.emptyArchive.utf8).write(to: URL(fileURLWithPath: archive))
            for (arguments, message) in [
                (["proxy", "--upstream", "https://localhost:1", "--upstream-ca", certificates.folder + "/absent.pem"], "cannot read"),
                (["proxy", "--upstream", "https://localhost:1", "--upstream-ca", certificates.key], "holds no PEM certificate"),
                (["proxy", "--upstream", "http://127.0.0.1:1", "--upstream-ca", certificates.authority], "applies to https:// upstreams only"),
                (["proxy", "--upstream", "127.0.0.1:1", "--upstream-ca", certificates.authority], "applies to https:// upstreams only"),
                (["serve", "--replay", archive, "--replay-miss", "proxy", "--upstream", "http://127.0.0.1:1",
                  "--upstream-ca", certificates.authority], "applies to https:// upstreams only"),
                (["serve", "--replay", archive, "--replay-miss", "proxy", "--upstream", "https://localhost:1",
                  "--upstream-ca", certificates.key], "holds no PEM certificate"),
            ] {
                let output = try await LabProcess.run(arguments)
                #expect(output.status == 2, "\(arguments): \(output.stderr)")
                #expect(output.stderr.split(separator: "\n").count == 1, "\(arguments): \(output.stderr)")
                #expect(output.stderr.contains(message), "\(arguments): \(output.stderr)")
            }
        }

        @Test func httpsProxy_appliesFaults_andCutsBrokenBodies() async throws {
            let upstream = try await TLSUpstream.start()
            defer { upstream.stop() }
            let lab = try LabProcess(["proxy", "--upstream", upstream.url.absoluteString, "--upstream-ca", upstream.authority,
                                      "--latency", "150ms", "--fault", "truncate-after:1MB", "--fault-first", "1"])
            let url = try await lab.url()
            let zeros = URL(string: url.absoluteString + "/zeros?size=60000000")!
            let cut = try await CurlFetch.run(zeros, ["--limit-rate", "5M"])
            #expect(cut.exitCode == 18, "curl: partial file")
            #expect(cut.body.count == 1_000_000, "truncate-after:1MB lets exactly 1 MB through")
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
            let upstream = try await TLSUpstream.start()
            defer { upstream.stop() }
            let lab = try LabProcess(["proxy", "--upstream", upstream.url.absoluteString, "--upstream-ca", upstream.authority,
                                      "--upstream-timeout", "1s"])
            let url = try await lab.url()
            let (silent, elapsed) = try await blocking { () -> (CurlFetch, Double) in
                let start = Date()
                let fetched = try CurlFetch.fetch(url.appendingPathComponent("silent"))
                return (fetched, Date().timeIntervalSince(start))
            }
            #expect(silent.status == 504)
            #expect(silent.text.contains("sent no response head within 1.0 seconds"), "\(silent.text)")
            #expect(elapsed >= 1.0, "not before the timeout")
            #expect(try await CurlFetch.run(url.appendingPathComponent("json")).status == 200, "the proxy keeps serving")

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

        @Test func httpsProxy_recordsHTTPSExchangesInAHARFile_withTheirWireSizes() async throws {
            let upstream = try await TLSUpstream.start()
            defer { upstream.stop() }
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let path = folder.path + "/api.har"
            let lab = try LabProcess(["proxy", "--upstream", upstream.url.absoluteString, "--upstream-ca", upstream.authority, "--record", path])
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
            #expect(entries[1].response.bodySize == 100_000)
            #expect(entries[1].response.headersSize > 0, "the head's size as it crossed the upstream leg")
            #expect(entries[2].request.method == "POST")
            #expect(entries[2].response.content.text == #"{"received": 5, "echo": "hello"}"#)
            #expect(entries.allSatisfy { $0.timings.wait >= 0 && $0.timings.receive >= 0 })
        }

        /// Backpressure through TLS: the proxy reads the upstream only as fast as the client takes.
        @Test func httpsProxy_keepsAFarBehindClientsBodyOutOfMemory() async throws {
            let upstream = try await TLSUpstream.start()
            defer { upstream.stop() }
            let lab = try LabProcess(["proxy", "--upstream", upstream.url.absoluteString, "--upstream-ca", upstream.authority])
            let url = try await lab.url()
            _ = try await CurlFetch.run(url.appendingPathComponent("json"))
            let baseline = try Self.residentBytes(lab.pid)
            let size = 128 * 1024 * 1024
            let pid = lab.pid
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

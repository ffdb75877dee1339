import Foundation
import TestSupport
import Testing

extension LiveProxyTests {
    /// `lab proxy --upstream http://...` as a process in front of Python's `http.server`.
    @Suite struct HTTPProxyCommandTests {
        @Test func proxy_printsItsURL_forwards_appliesItsFlags_andExitsZeroOnSIGTERM() async throws {
            let upstream = try await PythonUpstream.start()
            defer { upstream.stop() }
            let lab = try LabProcess(["proxy", "--upstream", upstream.url.absoluteString, "--latency", "150ms",
                                      "--fault", "status:503", "--fault-first", "1"])
            let line = try #require(try await lab.firstLine(), "lab proxy exited before printing its URL")
            #expect(line.hasPrefix("NetworkLab HTTP proxy on http://127.0.0.1:"))
            #expect(line.contains("to \(upstream.url.absoluteString)"))
            let url = try await lab.url()
            // The proxy answers its dashboard itself, as `lab serve` does, and says where.
            #expect(try await lab.line(1) == "Dashboard: \(url.absoluteString)/_lab/")

            let first = try await CurlFetch.run(url.appendingPathComponent("json"))
            #expect(first.status == 503, "--fault-first 1 fires on the first request for the URL")
            let second = try await CurlFetch.run(url.appendingPathComponent("json"))
            #expect(second.status == 200)
            #expect(second.contentType == "application/json")
            #expect(second.text.contains("networklab"))
            let journal = try await CurlFetch.run(url.appendingPathComponent("_lab/journal"))
            let object = try #require(try JSONSerialization.jsonObject(with: Data(journal.body)) as? [String: Any])
            let requests = try #require(object["requests"] as? [[String: Any]])
            let forwarded = try #require(requests.first { $0["status"] as? Int == 200 })
            let clientTime = try #require(forwarded["timeToFirstByte"] as? Double)
            let upstreamTime = try #require(forwarded["upstreamTimeToFirstByte"] as? Double)
            #expect(clientTime >= 0.15 + upstreamTime)

            lab.terminate()
            let exit = try await lab.exit()
            #expect(exit.status == 0, "\(exit.stderr)")
        }

        /// `--no-control`: the upstream answers `/_lab/*` too, and no dashboard line is printed.
        @Test func noControl_forwardsTheControlPaths_andPrintsNoDashboard() async throws {
            let upstream = try await PythonUpstream.start()
            defer { upstream.stop() }
            let lab = try LabProcess(["proxy", "--upstream", upstream.url.absoluteString, "--no-control"])
            let url = try await lab.url()
            for path in ["_lab/journal", "_lab/"] {
                let forwarded = try await CurlFetch.run(url.appendingPathComponent(path))
                #expect(forwarded.status == 404, "\(path): \(forwarded.text)")
                #expect(forwarded.text == "no such thing here\n", "\(path) answered by the upstream")
            }
            lab.terminate()
            let exit = try await lab.exit()
            #expect(exit.status == 0, "\(exit.stderr)")
            #expect(exit.stdout.split(separator: "\n").count == 1, "no dashboard line: \(exit.stdout)")
        }

        @Test func maxBody_capsStreamedUploads_with413_whateverTheirFraming() async throws {
            let upstream = try await PythonUpstream.start()
            defer { upstream.stop() }
            let lab = try LabProcess(["proxy", "--upstream", upstream.url.absoluteString, "--max-body", "1MiB"])
            let url = try await lab.url()
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let file = folder.url.appendingPathComponent("body")
            try Data(count: 2 * 1024 * 1024).write(to: file)
            let sink = url.appendingPathComponent("sink")
            let lengthed = try await CurlFetch.run(sink, ["-H", "Expect:", "--data-binary", "@\(file.path)"])
            #expect(lengthed.status == 413, "\(lengthed.text)")
            #expect(lengthed.text.contains("over the limit of 1048576 bytes"))
            let chunked = try await CurlFetch.run(sink, ["-H", "Transfer-Encoding: chunked", "--data-binary", "@\(file.path)"])
            #expect(chunked.status == 413, "\(chunked.text)")
            // Up to the cap, bodies go through.
            let within = try await CurlFetch.run(sink, ["--data-binary", "within the cap"])
            #expect(within.status == 200)
            #expect(within.text.contains(#""received": 14"#))
            lab.terminate()
            #expect(try await lab.exit().status == 0)
        }

        @Test func earlyHints_forwardsTheUpstreams103_beforeTheResponse() async throws {
            let upstream = try await PythonUpstream.start()
            defer { upstream.stop() }
            let lab = try LabProcess(["proxy", "--upstream", upstream.url.absoluteString, "--early-hints"])
            let port = try await lab.url().port ?? 0
            let received = try await blocking {
                let client = try RawTCPClient(port: port)
                defer { client.close() }
                try client.send(Array("GET /early-hints HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".utf8))
                return String(decoding: client.receive(silence: 10).bytes, as: UTF8.self)
            }
            #expect(received.hasPrefix("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n"), "\(received)")
            #expect(received.contains("\r\n\r\nHTTP/1.1 200 OK\r\n") && received.hasSuffix("hints"), "\(received)")
            lab.terminate()
            #expect(try await lab.exit().status == 0)
        }

        @Test func proxy_refusesBadFlags_withExitTwoAndOneLine() async throws {
            let httpOnly = "applies to http:// and https:// upstreams only"
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let notes = folder.url.appendingPathComponent("notes.txt")
            try Data("my notes\n".utf8).write(to: notes)
            for (arguments, mention) in [
                (["proxy", "--upstream", "http://127.0.0.1:1", "--upstream-timeout", "soon"], "--upstream-timeout"),
                (["proxy", "--upstream", "http://127.0.0.1:1", "--keep-secrets"], "--keep-secrets only applies with --record"),
                (["proxy", "--upstream", "127.0.0.1:1", "--early-hints"], httpOnly),
                (["proxy", "--upstream", "tcp://127.0.0.1:1", "--max-body", "1MiB"], httpOnly),
                (["proxy", "--upstream", "http://", "--port", "0"], "is not an http://HOST:PORT"),
                // A name the resolver refuses itself: a test sends nothing to a name server.
                (["proxy", "--upstream", "http://-x:80"], "-x does not resolve: getaddrinfo(-x): \(String(cString: gai_strerror(EAI_NONAME)))"),
                // It was cut to 16 bits: 70000 forwarded to port 4464.
                (["proxy", "--upstream", "http://127.0.0.1:70000"], "port 70000 is out of range; use 1 to 65535"),
                (["proxy", "--upstream", "https://", "--port", "0"], "is not an http://HOST:PORT"),
                (["proxy", "--upstream", "https://localhost:1", "--upstream-ca", "absent-ca.pem"], "--upstream-ca: cannot read absent-ca.pem"),
                // The system's reason, not Foundation's NSError dump.
                (["proxy", "--upstream", "http://127.0.0.1:1", "--record", "/nonexistent-networklab/x.har"],
                 "--record: cannot write /nonexistent-networklab/x.har: No such file or directory"),
                // It was replaced with an empty archive at once (a mistyped path lost a file).
                (["proxy", "--upstream", "http://127.0.0.1:1", "--record", notes.path],
                 "--record: cannot write \(notes.path): it holds something other than a HAR archive; record to another path, or remove it first"),
            ] {
                let output = try await LabProcess.run(arguments)
                #expect(output.status == 2, "\(arguments): \(output.stderr)")
                #expect(output.stderr.split(separator: "\n").count == 1, "\(arguments): \(output.stderr)")
                #expect(output.stderr.contains(mention), "\(arguments): \(output.stderr)")
            }
            #expect(try String(contentsOf: notes, encoding: .utf8) == "my notes\n")
        }

        @Test func proxyHelp_saysSecretsAreMaskedUnlessKept() async throws {
            let output = try await LabProcess.run(["proxy", "--help"])
            #expect(output.status == 0)
            #expect(output.stdout.contains("--record FILE.har"))
            #expect(output.stdout.contains("--keep-secrets"))
            #expect(output.stdout.contains("--early-hints"))
            #expect(output.stdout.contains("Authorization"))
        }
    }
}

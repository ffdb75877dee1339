import Foundation
@testable import MockServer
import NetworkCore
import NetworkLabClient
import TestSupport
import Testing

extension LiveProxyTests {
    /// A MockServer as a reverse proxy in front of Python's `http.server`, with curl, Python
    /// requests and raw sockets as clients.
    @Suite struct HTTPForwarderTests {
        @Test func proxy_forwardsJSONBinary404AndChunked_byteIdentical_toEveryClient() async throws {
            let upstream = try await PythonUpstream.start()
            let proxy = try await MockServer.start(upstream: upstream.url)
            defer { upstream.stop() }
            let big = 3 * 1024 * 1024 + 17

            let json = try await Curl.run(proxy.url("/json"))
            #expect(json.status == 200)
            #expect(String(decoding: json.body, as: UTF8.self) == #"{"name": "networklab", "values": [1, 2, 3], "ok": true}"#)
            let binary = try await Curl.run(proxy.url("/binary?size=\(big)"))
            #expect(binary.body == PythonUpstream.pattern(big))
            let missing = try await Curl.run(proxy.url("/missing"))
            #expect(missing.status == 404)
            #expect(String(decoding: missing.body, as: UTF8.self) == "no such thing here\n")
            let chunked = try await Curl.run(proxy.url("/chunked?size=250001"))
            #expect(chunked.status == 200)
            #expect(chunked.body == PythonUpstream.pattern(250_001))

            let viaRequests = try await PythonRequests.get(proxy.url("/binary?size=\(big)"))
            #expect(viaRequests.status == 200)
            #expect(viaRequests.contentType == "application/octet-stream")
            #expect(viaRequests.body == PythonUpstream.pattern(big))
            let chunkedRequests = try await PythonRequests.get(proxy.url("/chunked?size=5000"))
            #expect(chunkedRequests.body == PythonUpstream.pattern(5000))

            let raw = try await proxy.get("/json")
            #expect(raw.status == 200)
            #expect(raw["Content-Type"] == "application/json")
            #expect(raw.text == #"{"name": "networklab", "values": [1, 2, 3], "ok": true}"#)
            await proxy.close()
        }

        @Test func proxy_dropsHopByHopHeaders_bothWays_andAddsVia() async throws {
            let upstream = try await PythonUpstream.start()
            let proxy = try await MockServer.start(upstream: upstream.url)
            defer { upstream.stop() }
            let response = try await proxy.get("/headers?x=1", headers: [
                ("Connection", "X-Client-Hop"), ("X-Client-Hop", "secret"), ("Keep-Alive", "timeout=9"),
                ("TE", "trailers"), ("X-End-To-End", "kept"),
            ])
            let received = try response.jsonObject()
            #expect(received["target"] as? String == "/headers?x=1")
            let fields = try #require(received["headers"] as? [[String]])
            let names = Set(fields.map { $0[0].lowercased() })
            #expect(!names.contains("x-client-hop"))
            #expect(!names.contains("keep-alive"))
            #expect(!names.contains("te"))
            #expect(fields.contains(["X-End-To-End", "kept"]))
            #expect(fields.contains(["Via", "1.1 networklab"]))
            #expect(fields.contains(["Host", "127.0.0.1:\(upstream.port)"]))

            #expect(response["X-Hop"] == nil)
            #expect(response["Keep-Alive"] == nil)
            #expect(response["X-End"] == "kept")
            #expect(response["Via"] == "1.1 networklab")
            #expect(response["Server"]?.contains("Python") == true, "the upstream's own Server field is kept")
            await proxy.close()
        }

        /// A proxy in front of `upstream` that forwards its 103s or not.
        private static func proxy(to upstream: PythonUpstream, forwardingEarlyHints: Bool) async throws -> MockServer {
            var configuration = MockServer.Configuration()
            configuration.upstream = MockServer.Upstream(url: upstream.url)
            configuration.upstream?.forwardsEarlyHints = forwardingEarlyHints
            return try await MockServer.start(configuration)
        }

        /// `103 Early Hints` break many HTTP/1.1 clients (Python's `http.client` takes one
        /// for the response), so a proxy drops them unless told to forward them; then they go
        /// before the response, to HTTP/1.1 clients only (RFC 9110 §15.2), without their
        /// hop-by-hop fields. The upstream's `100 Continue` never goes: the proxy answers
        /// `100-continue` itself.
        @Test(arguments: [false, true])
        func proxy_forwardsEarlyHints_onlyWhenAsked_andOnlyToHTTP11Clients(forward: Bool) async throws {
            let upstream = try await PythonUpstream.start()
            defer { upstream.stop() }
            let proxy = try await Self.proxy(to: upstream, forwardingEarlyHints: forward)
            func raw(_ request: String) async throws -> String {
                try await blocking { [port = proxy.port] in
                    let connection = try RawConnection(port: port)
                    try connection.write(request)
                    return String(decoding: connection.readToEnd().bytes, as: UTF8.self)
                }
            }
            let text = try await raw("GET /early-hints HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            let hint = "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\nVia: 1.1 networklab\r\n\r\n"
            #expect(text.hasPrefix((forward ? hint : "") + "HTTP/1.1 200 OK\r\n"), "\(text)")
            #expect(text.hasSuffix("\r\n\r\nhints"))
            #expect(!text.contains("100 Continue") && !text.contains("X-Hint-Hop"))

            // An upstream's flood of hints is cut to the first 16.
            let many = try await raw("GET /many-hints HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            #expect(many.components(separatedBy: "HTTP/1.1 103 Early Hints").count - 1 == (forward ? 16 : 0))
            #expect(many.hasSuffix("hints"))

            let old = try await raw("GET /early-hints HTTP/1.0\r\n\r\n")
            #expect(old.hasPrefix("HTTP/1.1 200 OK\r\n"), "\(old)")
            #expect(old.hasSuffix("hints"))

            let curl = try await Curl.run(proxy.url("/early-hints"))
            #expect(curl.status == 200)
            #expect(curl.body == Array("hints".utf8))
            let ours = try await LabClient().download(proxy.url("/early-hints"))
            #expect(ours.response.status == 200)
            #expect(ours.body == Array("hints".utf8))
            // The reason the default is off: Python's requests reads the 103 as the response.
            let viaRequests = try await PythonRequests.get(proxy.url("/early-hints"))
            #expect(viaRequests.status == (forward ? 103 : 200))
            #expect(viaRequests.body == (forward ? [] : Array("hints".utf8)))
            await proxy.close()
        }

        /// Early hints are early: the 103 reaches the client while the upstream still holds
        /// its response back, until the test releases it (held back with the response, the 103
        /// would come after a minute, and the client's 10 s read timeout fails the test first).
        @Test func proxy_forwardsEarlyHints_asTheyCome_beforeTheUpstreamAnswers() async throws {
            let upstream = try await PythonUpstream.start()
            defer { upstream.stop() }
            let proxy = try await Self.proxy(to: upstream, forwardingEarlyHints: true)
            let (hint, rest) = try await blocking { [port = proxy.port, upstreamPort = upstream.port] in
                let connection = try RawConnection(port: port)
                try connection.write("GET /hints-then-wait HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                let hint = try connection.readHead()
                let release = try RawConnection(port: upstreamPort)
                try release.write("GET /release HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
                _ = release.readToEnd()
                return (hint, String(decoding: connection.readToEnd().bytes, as: UTF8.self))
            }
            #expect(hint.status == 103)
            #expect(hint.headers["Link"] == "</style.css>; rel=preload")
            #expect(hint.headers["Via"] == "1.1 networklab")
            #expect(rest.hasPrefix("HTTP/1.1 200 OK\r\n") && rest.hasSuffix("released"), "\(rest)")
            await proxy.close()
        }

        /// The query belongs to the upstream: parameters that `lab serve` reads as link and
        /// fault overrides, even ones it would refuse, and bytes that are not UTF-8 all go
        /// upstream as sent, and none of them shapes or faults the response.
        @Test func proxy_forwardsTheQueryAsSent_readingNoLinkOrFaultParameterInIt() async throws {
            let upstream = try await PythonUpstream.start()
            let proxy = try await MockServer.start(upstream: upstream.url)
            defer { upstream.stop() }
            for query in ["fault=reset", "latency=soon&bandwidth=high&fault=none&retry-after=never", "sig=%ff%00&x=%zz"] {
                let response = try await proxy.get("/headers?\(query)")
                #expect(response.status == 200, "\(query): \(response.text)")
                let received = try response.jsonObject()
                #expect(received["target"] as? String == "/headers?\(query)")
            }
            let slow = try await proxy.get("/json?latency=30s")
            #expect(slow.status == 200)
            await proxy.settled()
            #expect(try await proxy.entry("/json?latency=30s").timeToFirstByte ?? .seconds(99) < .seconds(10))
            #expect(proxy.journal.entries.allSatisfy { $0.fault == nil })
            await proxy.close()
        }

        /// Ambiguous framing, and a status RFC 9110 §15 calls invalid (999 once came back as
        /// a 500 blaming "the route's handler").
        @Test func proxy_answers502_toAmbiguousUpstreamFramingOrAnInvalidStatus_andKeepsServing() async throws {
            let upstream = try await PythonUpstream.start()
            let proxy = try await MockServer.start(upstream: upstream.url)
            defer { upstream.stop() }
            let status999 = try await proxy.get("/status-999")
            #expect(status999.status == 502)
            #expect(status999.text.contains("cannot be forwarded safely: its status 999 is outside 100...599"), "\(status999.text)")
            for target in ["/both-lengths", "/two-lengths"] {
                let response = try await proxy.get(target)
                #expect(response.status == 502, "\(target)")
                #expect(response.text.contains("cannot be forwarded safely"), "\(target): \(response.text)")
                #expect(!response.text.contains("hello"), "no byte of the ambiguous body reaches the client")
            }
            #expect(try await proxy.get("/json").status == 200)
            await proxy.close()
        }

        @Test func proxy_cutsTheClientsResponse_whenTheUpstreamBreaksOffItsBody() async throws {
            let upstream = try await PythonUpstream.start()
            let proxy = try await MockServer.start(upstream: upstream.url)
            defer { upstream.stop() }
            let chunked = try await Curl.run(proxy.url("/broken-chunked"))
            #expect(chunked.exitCode != 0, "a chunked body cut upstream must not look complete: \(chunked.stderr)")
            #expect(chunked.body == Array("hello".utf8))
            let sized = try await Curl.run(proxy.url("/broken-length"))
            #expect(sized.exitCode == 18, "\(sized.stderr)")
            #expect(sized.body == PythonUpstream.pattern(5000))
            await proxy.settled()
            #expect(try await proxy.entry("/broken-chunked").outcome == .aborted)
            #expect(try await proxy.entry("/broken-chunked").error?.contains("broke off") == true)
            #expect(try await proxy.get("/json").status == 200)
            await proxy.close()
        }

        @Test func proxy_answers502SayingWhy_whenTheUpstreamIsDown_andKeepsServing() async throws {
            let upstream = try await PythonUpstream.start()
            let proxy = try await MockServer.start(upstream: upstream.url)
            #expect(try await proxy.get("/json").status == 200)
            try await upstream.stopped()

            let down = try await proxy.get("/json")
            #expect(down.status == 502)
            #expect(down.text.contains("refused the connection"), "\(down.text)")
            let viaCurl = try await Curl.run(proxy.url("/json"))
            #expect(viaCurl.status == 502)
            let journal = try await proxy.get("/_lab/journal")
            #expect(journal.status == 200, "the proxy still answers its own endpoints")
            // The journal (and so the dashboard) says why, not only 502.
            await proxy.settled()
            let entries = proxy.journal.entries.filter { $0.path == "/json" }
            #expect(entries.first?.error == nil)
            #expect(entries.dropFirst().allSatisfy { $0.status == 502 && $0.error?.contains("refused the connection") == true }, "\(entries.map(\.error))")
            await proxy.close()
        }

        @Test func proxy_answers504_whenNoHeadComesWithinTheUpstreamTimeout() async throws {
            let upstream = try await PythonUpstream.start()
            var configuration = MockServer.Configuration()
            configuration.upstream = MockServer.Upstream(url: upstream.url, timeout: .milliseconds(300))
            let proxy = try await MockServer.start(configuration)
            defer { upstream.stop() }
            let response = try await proxy.get("/silent")
            #expect(response.status == 504)
            #expect(response.text.contains("no response head within"), "\(response.text)")
            await proxy.settled()
            let entry = try await proxy.entry("/silent")
            #expect(entry.error?.contains("no response head within") == true, "\(entry.error ?? "no error")")
            #expect(entry.duration >= .milliseconds(300))
            #expect(entry.duration < .seconds(10))
            #expect(try await proxy.get("/json").status == 200)
            await proxy.close()
        }

        /// With a body the timeout is an event-loop timer started at the body's end: a silent
        /// upstream still gets a 504, and a body slower to send than the timeout still gets its answer.
        @Test func theUpstreamTimeout_countsFromTheBodysEnd_andStillEndsASilentUpstream() async throws {
            let upstream = try await PythonUpstream.start()
            defer { upstream.stop() }
            var configuration = MockServer.Configuration()
            configuration.upstream = MockServer.Upstream(url: upstream.url, timeout: .milliseconds(300))
            let proxy = try await MockServer.start(configuration)
            let silent = try await Curl.run(proxy.url("/silent"), ["--data-binary", "hello"])
            #expect(silent.status == 504)
            #expect(String(decoding: silent.body, as: UTF8.self).contains("no response head within"))
            await proxy.settled()
            let entry = try await proxy.entry("/silent")
            #expect(entry.duration >= .milliseconds(300) && entry.duration < .seconds(10), "\(entry.duration)")

            // 200 KB at 200 KB/s: a second of body, three times the timeout.
            try proxy.setLink(LinkProfile(uploadBandwidth: .bytesPerSecond(200_000)))
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let file = folder.url.appendingPathComponent("body")
            try Data(count: 200_000).write(to: file)
            let slow = try await Curl.run(proxy.url("/sink"), ["-H", "Expect:", "--data-binary", "@\(file.path)"])
            #expect(slow.status == 200, "\(String(decoding: slow.body, as: UTF8.self))")
            let received = try #require(try JSONSerialization.jsonObject(with: Data(slow.body)) as? [String: Any])
            #expect(received["received"] as? Int == 200_000)
            await proxy.settled()
            #expect(try await proxy.entry("/sink").requestTime >= .milliseconds(600))
            await proxy.close()
        }

        /// The proxy passes a request's query on untouched and reads no link parameter from it,
        /// for the upload as for the response: `upload-bandwidth` there is the upstream's business.
        @Test func proxy_readsNoUploadCapFromTheQueryItPassesOn() async throws {
            let upstream = try await PythonUpstream.start()
            defer { upstream.stop() }
            let proxy = try await MockServer.start(upstream: upstream.url)
            // At 5 KB/s, 40 KB would take eight seconds.
            let body = String(repeating: "u", count: 40_000)
            let response = try await Curl.run(proxy.url("/sink?upload-bandwidth=5KB/s"), ["-H", "Expect:", "--data-binary", body])
            #expect(response.status == 200, "\(String(decoding: response.body, as: UTF8.self))")
            let received = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
            #expect(received["received"] as? Int == 40_000)
            await proxy.settled()
            #expect(try await proxy.entry("/sink?upload-bandwidth=5KB/s").requestTime < .seconds(4))
            await proxy.close()
        }

        @Test func proxy_addsTheLinkLatency_onTopOfTheUpstreamTime_andJournalsBothTimes() async throws {
            let upstream = try await PythonUpstream.start()
            let proxy = try await MockServer.start(upstream: upstream.url)
            defer { upstream.stop() }
            try proxy.setLink(LinkProfile(latency: .milliseconds(200)))
            #expect(try await proxy.get("/json").status == 200)
            await proxy.settled()
            let entry = try await proxy.entry("/json")
            let upstreamTime = try #require(entry.upstreamTimeToFirstByte)
            let clientTime = try #require(entry.timeToFirstByte)
            #expect(upstreamTime > .zero)
            #expect(clientTime >= .milliseconds(200) + upstreamTime)
            #expect(clientTime < .seconds(5))

            let journal = try await proxy.get("/_lab/journal").jsonObject()
            let requests = try #require(journal["requests"] as? [[String: Any]])
            let journaled = try #require(requests.first?["upstreamTimeToFirstByte"] as? Double)
            #expect(abs(journaled - Double(upstreamTime.components.attoseconds) / 1e18 - Double(upstreamTime.components.seconds)) < 1e-6)
            await proxy.close()
        }

        @Test func proxy_appliesFaultsPerURL_beforeAnswering() async throws {
            let upstream = try await PythonUpstream.start()
            let proxy = try await MockServer.start(upstream: upstream.url)
            defer { upstream.stop() }
            try proxy.setFaults([Fault.status(503).first(1)])
            #expect(try await proxy.get("/json").status == 503)
            #expect(try await proxy.get("/json").status == 200)
            #expect(try await proxy.get("/binary?size=10").status == 503, "fault-first counts per URL")
            try proxy.setFaults([FaultRule(.truncateAfter(bytes: 1000))])
            let cut = try await Curl.run(proxy.url("/binary?size=100000"))
            #expect(cut.exitCode == 18)
            #expect(cut.body == Array(PythonUpstream.pattern(100_000).prefix(1000)))
            await proxy.close()
        }

        @Test func proxy_answersItsControlEndpoints_unlessTheyAreOff() async throws {
            let upstream = try await PythonUpstream.start()
            defer { upstream.stop() }
            let proxy = try await MockServer.start(upstream: upstream.url)
            let link = try await proxy.send(.put, "/_lab/link", body: #"{"latency": "10ms"}"#)
            #expect(link.status == 200)
            #expect(proxy.link.latency == .milliseconds(10))
            // The dashboard is the proxy's own too, never the upstream's.
            let dashboard = try await proxy.get("/_lab/")
            #expect(dashboard.status == 200)
            #expect(dashboard.headers["Content-Type"]?.hasPrefix("text/html") == true)
            #expect(dashboard.text.contains("<html"))
            await proxy.close()

            var configuration = MockServer.Configuration(controlEndpoints: false)
            configuration.upstream = MockServer.Upstream(url: upstream.url)
            let open = try await MockServer.start(configuration)
            let forwarded = try await open.get("/_lab/journal")
            #expect(forwarded.status == 404)
            #expect(forwarded.text == "no such thing here\n")
            await open.close()
        }

        @Test func proxy_forwardsRequestBodies_andHEAD() async throws {
            let upstream = try await PythonUpstream.start()
            let proxy = try await MockServer.start(upstream: upstream.url)
            defer { upstream.stop() }
            let posted = try await proxy.send(.post, "/echo", body: "name=lab&x=1")
            let echo = try posted.jsonObject()
            #expect(echo["received"] as? Int == 12)
            #expect(echo["echo"] as? String == "name=lab&x=1")
            let head = try await proxy.get("/json", method: .head)
            #expect(head.status == 200)
            #expect(head.body.isEmpty)
            #expect(head["Content-Length"] == "55")
            await proxy.close()
        }

        /// A HEAD or a 304 announces the upstream's framing and length, never a length the
        /// upstream did not give.
        @Test func proxy_forwardsTheLengthOfAHEADOr304_asTheUpstreamGaveIt() async throws {
            let upstream = try await PythonUpstream.start()
            let proxy = try await MockServer.start(upstream: upstream.url)
            defer { upstream.stop() }
            let chunkedHead = try await proxy.get("/chunked?size=5000", method: .head)
            #expect(chunkedHead.status == 200)
            #expect(chunkedHead["Content-Length"] == nil)
            #expect(chunkedHead["Transfer-Encoding"] == "chunked")
            #expect(chunkedHead.body.isEmpty)

            let fresh = try await proxy.get("/cached")
            #expect(fresh.status == 200)
            #expect(fresh.text == "hello")
            let notModified = try await proxy.get("/cached", headers: [("If-None-Match", #""v1""#)])
            #expect(notModified.status == 304)
            #expect(notModified["ETag"] == #""v1""#)
            #expect(notModified["Content-Length"] == "5")
            #expect(notModified.body.isEmpty)
            let viaCurl = try await Curl.run(proxy.url("/cached"), ["-H", #"If-None-Match: "v1""#])
            #expect(viaCurl.exitCode == 0)
            #expect(viaCurl.status == 304)
            #expect(viaCurl.body.isEmpty)
            await proxy.close()
        }

        @Test func proxy_reusesUpstreamConnections_andHandsEachWholeExchangeToItsRecorder() async throws {
            let upstream = try await PythonUpstream.start()
            defer { upstream.stop() }
            let recorded = Lock<[ProxiedExchange]>([])
            var configuration = MockServer.Configuration()
            configuration.upstream = MockServer.Upstream(url: upstream.url) { exchange in recorded.withLock { $0.append(exchange) } }
            let proxy = try await MockServer.start(configuration)
            for _ in 0..<3 { #expect(try await proxy.get("/counter").status == 200) }
            #expect(try await proxy.get("/chunked?size=3000").status == 200)
            let exchanges = recorded.withLock { $0 }
            try #require(exchanges.count == 4)
            #expect(exchanges.prefix(3).map { String(decoding: $0.responseBody, as: UTF8.self) } == ["hit 1", "hit 2", "hit 3"])
            #expect(exchanges[1].timings.connect == nil, "the second request reuses the first one's connection")
            #expect(exchanges[0].url.absoluteString == "http://127.0.0.1:\(upstream.port)/counter")
            let chunked = exchanges[3]
            #expect(chunked.responseBody == PythonUpstream.pattern(3000))
            #expect(chunked.responseHeaders["Content-Length"] == "3000")
            #expect(chunked.responseHeaders["Transfer-Encoding"] == nil)
            #expect(chunked.responseBodyWireSize > 3000)
            #expect(chunked.timings.wait >= 0)
            await proxy.close()
        }
    }
}

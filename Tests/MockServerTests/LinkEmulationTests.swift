import Foundation
import MockServer
import NetworkCore
import TestSupport
import Testing

extension LiveServerTests {
    /// The emulated link seen by real clients: latency, bandwidth, a shared link, run-time changes,
    /// jitter, connect latency and upload caps. Times come from the journal (measured on the event
    /// loop); the machine may be busy with other work, so bounds rule out only "faster than the
    /// link allows", "never" and "ten times too slow". The exact instants are checked on virtual
    /// time (VirtualLinkTests, VirtualServerTests, FairShareSchedulerTests).
    @Suite struct LinkEmulationTests {
        @Test func timeToFirstByte_followsTheLatency() async throws {
            try await withMockServer(.init(link: LinkProfile(latency: .milliseconds(150)))) { server in
                let (response, seconds) = try await blocking { [port = server.port] in
                    let connection = try RawConnection(port: port)
                    return try timed { try connection.exchange(RawConnection.request("GET", "/bytes/10")) }
                }
                _ = try await server.get("/bytes/20?latency=300ms")
                await server.settled()
                #expect(response.status == 200)
                #expect(seconds >= 0.15)
                let configured = try #require(try await server.entry("/bytes/10").timeToFirstByte?.seconds)
                let query = try #require(try await server.entry("/bytes/20?latency=300ms").timeToFirstByte?.seconds)
                // Exact instants on virtual time (VirtualLinkTests); here never early, and not
                // ten times late.
                #expect(configured >= 0.15 && configured < 1.5, "\(configured)")
                #expect(query >= 0.3 && query < 3, "\(query)")
            }
        }

        @Test func oneDownload_followsTheBandwidth() async throws {
            try await withMockServer { server in
                let response = try await server.get("/bytes/250KB?bandwidth=500KB/s")
                #expect(try response.body == Payload.bytes(seed: 0, count: 250_000))
                await server.settled()
                let duration = try await server.entry("/bytes/250KB?bandwidth=500KB/s").duration.seconds
                // The rate itself on virtual time (VirtualLinkTests); here not much faster than
                // the cap allows (a first burst aside), and not ten times slower.
                #expect(duration > 0.4 && duration < 5, "\(duration)")
            }
        }

        @Test func fourDownloads_onASharedLink_eachTakeFourTimesOneAlone() async throws {
            let link = LinkProfile(linkBandwidth: .bytesPerSecond(400_000))
            try await withMockServer(.init(link: link)) { server in
                _ = try await server.get("/bytes/100KB?alone")
                let responses = try await server.getConcurrently((0..<4).map { "/bytes/100KB?n=\($0)" })
                #expect(responses.allSatisfy { $0.body.count == 100_000 })
                await server.settled()
                // Each gets no more than its quarter of the link (never much faster than the
                // model), and none waits ten times longer. Shares at exact instants are the
                // scheduler's unit tests (FairShareSchedulerTests); a loaded machine only
                // slows these down.
                let alone = try await server.entry("/bytes/100KB?alone").duration.seconds
                let single = try LinkModel.predict(.sequential(count: 1, size: 100_000), on: link).total
                #expect(alone >= 0.75 * single && alone < 10 * single, "\(alone)")
                let predicted = try LinkModel.predict(.concurrent(count: 4, size: 100_000), on: link).total
                for index in 0..<4 {
                    let duration = try await server.entry("/bytes/100KB?n=\(index)").duration.seconds
                    #expect(duration >= 0.75 * predicted && duration < 10 * predicted, "download \(index): \(duration) s, model \(predicted) s")
                }
            }
        }

        @Test func fourDownloads_underPerConnectionCaps_eachTakeAsLongAsOneAlone() async throws {
            let link = LinkProfile(bandwidth: .bytesPerSecond(400_000))
            try await withMockServer(.init(link: link)) { server in
                _ = try await server.get("/bytes/100KB?alone")
                _ = try await server.getConcurrently((0..<4).map { "/bytes/100KB?n=\($0)" })
                await server.settled()
                // 100 KB at 400 KB/s each, alone or four at once: never much faster than the
                // cap, and not ten times slower.
                for target in ["/bytes/100KB?alone"] + (0..<4).map({ "/bytes/100KB?n=\($0)" }) {
                    let duration = try await server.entry(target).duration.seconds
                    #expect(duration >= 0.75 * 0.25 && duration < 2.5, "\(target): \(duration) s")
                }
            }
        }

        @Test func linkChange_duringADownload_changesItsRate_fromThatMoment() async throws {
            let size = 300_000.0, before = 200_000.0, after = 1_000_000.0
            try await withMockServer(.init(link: LinkProfile(bandwidth: .bytesPerSecond(before)))) { server in
                let received = try await blocking { [port = server.port] in
                    let download = try RawConnection(port: port)
                    try download.write(RawConnection.request("GET", "/bytes/300KB"))
                    let head = try download.readHead()
                    var body = try download.read(count: 60_000)
                    // Change the link over HTTP, so that the journal times the change on the loop's clock.
                    let link = #"{"bandwidth": "1MB/s"}"#
                    let put = try RawConnection(port: port).exchange(
                        RawConnection.request("PUT", "/_lab/link", headers: [("Content-Length", "\(link.utf8.count)")]) + link)
                    guard head.status == 200, put.status == 200 else { throw RawConnectionError.malformed("\(head.status) \(put.text)") }
                    body += try download.read(count: 240_000)
                    return body
                }
                #expect(try received == Payload.bytes(seed: 0, count: 300_000))
                #expect(server.link.bandwidth == .bytesPerSecond(after))
                await server.settled()
                let download = try await server.entry("/bytes/300KB")
                let change = try await server.entry("/_lab/link")
                let changedAfter = (change.start - download.start).seconds
                // The fluid model in two phases: `before` until the change, `after` for the rest.
                let predicted = changedAfter + (size - before * changedAfter) / after
                #expect(changedAfter > 0.25 && changedAfter < 1.2, "\(changedAfter)")
                // The old rate throughout would take 1.5 s. How close the two phases come to the
                // model is checked at exact instants on virtual time (VirtualLinkTests).
                #expect(download.duration.seconds >= 0.9 * predicted && download.duration.seconds < 1.5, "took \(download.duration), model \(predicted) s")
            }
        }

        @Test func linkChange_beforeAResponseStarts_appliesToIt() async throws {
            let (called, handlerCalled) = AsyncStream<Void>.makeStream()
            let (proceed, letHandlerReturn) = AsyncStream<Void>.makeStream()
            let route = Route(.get, "/held") { _ in
                handlerCalled.yield()
                for await _ in proceed { break }
                return .payload(size: 100_000)
            }
            try await withMockServer(.init(routes: [route])) { server in
                async let response = server.get("/held")
                for await _ in called { break }
                // The request is in, its response not started: the new link must shape it.
                try server.setLink(LinkProfile(bandwidth: .bytesPerSecond(200_000)))
                letHandlerReturn.yield()
                #expect(try await response.body == Payload.bytes(seed: 0, count: 100_000))
                await server.settled()
                // 100 KB at 200 KB/s: 0.5 s (unshaped it would take milliseconds); exactly so on
                // virtual time (VirtualLinkTests).
                let duration = try await server.entry("/held").duration.seconds
                #expect(duration >= 0.4 && duration < 5, "\(duration)")
            }
        }

        @Test func jitter_isApplied_withinItsRange_andDiffersAcrossRequestsAndSeeds() async throws {
            let link = LinkProfile(latency: .milliseconds(150), jitter: .uniform(.milliseconds(100)))
            func delays(seed: UInt64) async throws -> [Double] {
                try await withMockServer(.init(seed: seed, link: link)) { server in
                    for _ in 0..<5 { _ = try await server.get("/bytes/1") }
                    await server.settled()
                    return server.journal.entries.map { $0.timeToFirstByte?.seconds ?? -1 }
                }
            }
            async let first = delays(seed: 5)
            async let other = delays(seed: 6)
            let (a, c) = try await (first, other)
            // The same draws for the same seed, exactly, and their range are checked on virtual
            // time (VirtualLinkTests); here the real server applies them: never below the
            // latency less the jitter, and not ten times above.
            #expect(a.allSatisfy { $0 >= 0.05 - 0.001 && $0 < 2.5 }, "\(a)")
            #expect((a.max()! - a.min()!) > 0.02, "the draws of successive requests differ: \(a)")
            #expect(zip(a, c).contains { abs($0 - $1) > 0.02 }, "another seed draws differently: \(a) vs \(c)")
        }

        @Test(arguments: [
            ("latency=fast", "latency: \"fast\" is not a duration"),
            ("latency=-5ms", "latency:"),
            ("connect-latency=1h", "connect-latency:"),
            ("jitter=lots", "jitter: \"lots\" is not a jitter"),
            ("bandwidth=10Mb/s", "bandwidth: \"10Mb/s\" is not a rate"),
            ("bandwidth=0", "bandwidth: a rate of zero"),
            ("bandwidth=fast", "bandwidth:"),
            ("upload-bandwidth=1XB/s", "upload-bandwidth:"),
        ])
        func badLinkParameter_answers400_namingIt(query: String, message: String) async throws {
            try await withMockServer { server in
                let response = try await server.get("/bytes/10?\(query)")
                #expect(response.status == 400)
                #expect(response.text.contains(message), "\(response.text)")
            }
        }

        @Test func sharedLinkParameters_inAQuery_areIgnored() async throws {
            try await withMockServer { server in
                let response = try await server.get("/bytes/10?link-bandwidth=1B/s&upload-link-bandwidth=garbage")
                #expect(response.status == 200)
            }
        }

        @Test func connectLatency_appliesToTheFirstRequestOfEachConnectionOnly() async throws {
            let link = LinkProfile(latency: .milliseconds(50), connectLatency: .milliseconds(150))
            try await withMockServer(.init(link: link)) { server in
                try await blocking { [port = server.port] in
                    let connection = try RawConnection(port: port)
                    _ = try connection.exchange(RawConnection.request("GET", "/bytes/1?first"))
                    _ = try connection.exchange(RawConnection.request("GET", "/bytes/1?second"))
                }
                _ = try await server.get("/bytes/1?new-connection")
                await server.settled()
                let first = try #require(try await server.entry("/bytes/1?first").timeToFirstByte?.seconds)
                let second = try #require(try await server.entry("/bytes/1?second").timeToFirstByte?.seconds)
                let fresh = try #require(try await server.entry("/bytes/1?new-connection").timeToFirstByte?.seconds)
                // Which request pays which latency, exactly, on virtual time (VirtualLinkTests);
                // here each pays at least its own, and not ten times more.
                #expect(first >= 0.2 && first < 2, "\(first)")
                #expect(second >= 0.05 && second < 0.5, "\(second)")
                #expect(fresh >= 0.2 && fresh < 2, "\(fresh)")
            }
        }

        static let upload = Route(.post, "/upload") { request in .text("\(request.body.count)") }

        @Test func uploadBandwidth_capsARequestBody() async throws {
            let link = LinkProfile(uploadBandwidth: .bytesPerSecond(400_000))
            try await withMockServer(.init(link: link, routes: [Self.upload])) { server in
                let body = String(repeating: "u", count: 200_000)
                let targets = ["/upload", "/upload?upload-bandwidth=800KB/s"]
                let responses = try await blocking { [port = server.port] in
                    try targets.map { target in
                        try RawConnection(port: port).exchange(
                            RawConnection.request("POST", target, headers: [("Content-Length", "200000")]) + body)
                    }
                }
                #expect(responses.map(\.text) == ["200000", "200000"])
                await server.settled()
                // The journal times a request from its head, so its duration includes the upload.
                let linkCapped = try await server.entry(targets[0]).duration.seconds
                let queryCapped = try await server.entry(targets[1]).duration.seconds
                // The rates themselves on virtual time (VirtualServerTests); here the caps hold
                // on a real socket (never much faster), and not ten times slower.
                #expect(linkCapped > 0.4 && linkCapped < 5, "link cap: \(linkCapped) s")
                #expect(queryCapped > 0.2 && queryCapped < 2.5, "query cap: \(queryCapped) s")
            }
        }

        /// A link change reaches request bodies being read, as it reaches responses being sent:
        /// a body under the link's upload cap follows it (lifted, it finishes at once), a body
        /// read unpaced is paced once a cap is set, and a body whose query fixed its cap keeps it.
        /// A control endpoint's body is never paced: a test can always steer.
        @Test func uploadsInFlight_followALinkChange_unlessTheirQueryFixedTheirCap() async throws {
            // 40 KB at 10 KB/s: four seconds, unless a change lifts the cap; eight under a
            // sanitizer, whose crowded run may hold the loop back for a second or two.
            let rate = Sanitizers.present ? 5_000 : 10_000
            let capped = 40_000 / Double(rate)
            let link = LinkProfile(uploadBandwidth: .bytesPerSecond(Double(rate)))
            try await withMockServer(.init(link: link, routes: [Self.upload])) { server in
                let port = server.port
                let body = [UInt8](repeating: UInt8(ascii: "u"), count: 40_000)
                let head: @Sendable (String) -> [UInt8] = { target in Array(RawConnection.request("POST", target, headers: [("Content-Length", "40000")]).utf8) }
                let (lifted, fixed) = try await blocking {
                    let lifted = try RawConnection(port: port), fixed = try RawConnection(port: port)
                    try lifted.write(head("/upload?n=lifted") + body)
                    try fixed.write(head("/upload?n=fixed&upload-bandwidth=\(rate)B/s") + body)
                    return (lifted, fixed)
                }
                let steering = try await server.send(.put, "/_lab/faults", body: #"{"faults": []}"# + String(repeating: " ", count: 40_000))
                #expect(steering.status == 200, "\(steering.text)")
                try await Task.sleep(for: .milliseconds(300))
                try server.setLink(LinkProfile())
                // Asked on the loop after the change's own work (the loop runs work in order):
                // the change has reached the bodies in flight.
                _ = await server.connectionCount()
                // Nothing limits this one's first part; the cap set meanwhile paces the rest.
                let late = try await blocking {
                    let late = try RawConnection(port: port)
                    try late.write(head("/upload?n=late") + body[..<5_000])
                    return late
                }
                try await Task.sleep(for: .milliseconds(200))
                try server.setLink(link)
                _ = await server.connectionCount()
                try await blocking { try late.write(Array(body[5_000...])) }
                let answers = try await blocking { try [lifted, fixed, late].map { try $0.readResponse().text } }
                #expect(answers == ["40000", "40000", "40000"])
                await server.settled()
                let liftedTime = try await server.entry("/upload?n=lifted").duration.seconds
                let fixedTime = try await server.entry("/upload?n=fixed&upload-bandwidth=\(rate)B/s").duration.seconds
                let lateTime = try await server.entry("/upload?n=late").duration.seconds
                let steeringTime = try await server.entry("/_lab/faults").duration.seconds
                // Without the change, `capped` seconds each; never faster than the caps allow
                // (the last 35 KB of the late one at the cap), nor ten times slower.
                #expect(liftedTime >= 0.3 && liftedTime < capped / 2, "lifted: \(liftedTime) s")
                #expect(fixedTime >= 0.9 * capped && fixedTime < 10 * capped, "fixed by its query: \(fixedTime) s")
                #expect(lateTime >= 0.9 * 35_000 / Double(rate) && lateTime < 10 * capped, "capped late: \(lateTime) s")
                #expect(steeringTime < capped / 2, "a control endpoint's body: \(steeringTime) s")
            }
        }

        @Test func uploadLinkBandwidth_isSharedByConcurrentUploads() async throws {
            let link = LinkProfile(uploadLinkBandwidth: .bytesPerSecond(400_000))
            try await withMockServer(.init(link: link, routes: [Self.upload])) { server in
                let body = String(repeating: "u", count: 100_000)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<2 {
                        group.addTask {
                            _ = try await server.send(.post, "/upload?n=\(index)", body: body)
                        }
                    }
                    try await group.waitForAll()
                }
                await server.settled()
                // Alone, 100 KB would take 0.25 s; sharing 400 KB/s, both take 0.5 s.
                for index in 0..<2 {
                    let duration = try await server.entry("/upload?n=\(index)").duration.seconds
                    // Never much faster than half the link each, not ten times slower (a loaded
                    // machine only slows it down).
                    #expect(duration >= 0.75 * 0.5 && duration < 5, "upload \(index): \(duration) s")
                }
            }
        }
    }
}

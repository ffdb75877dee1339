import Foundation
import MockServer
import NetworkLabClient
import TestSupport
import Testing

/// No value a user can construct through the public API traps: seeded random and edge values
/// (zero, negative, huge, NaN, the bounds and one past them) for every public configuration
/// type, pushed through `start`, `setLink`, `setFaults`, `download` and `downloadAll`. Each
/// ends in a typed error or in correct behaviour. The values that used to trap run in a
/// child process too, so that a regression fails a test instead of killing the runner.
@Suite struct PublicValuesTests {
    static let serverCases = 0..<120
    static let clientCases = 0..<60

    /// The values of case `index`, the same on every run for a seed.
    static func values(_ index: Int, _ salt: UInt64) -> PublicValues {
        PublicValues(seed: PublicValues.seed &* 1_000_003 &+ salt &* 10_007 &+ UInt64(index))
    }

    /// Every path refuses what Swift refuses: a link or a fault plan built in Swift passes
    /// `validate()` exactly when its JSON form (`PUT /_lab/link`, `PUT /_lab/faults`, `lab`
    /// scenario files) is accepted, and then both are the same value. The link model predicts
    /// a finite time on exactly the links `validate()` takes (and sizes of 0 or more), and
    /// refuses the others with a typed error: never a trap.
    @Test func swiftAndJSONPaths_acceptAndRefuseTheSameValues() {
        var values = Self.values(0, 1)
        for index in 0..<3_000 {
            let link = values.link()
            let swiftLink = Result { () throws(LinkParameterError) in try link.validate() }
            let jsonLink = Result { () throws(LinkParameterError) in try LinkProfile(jsonObject: link.jsonObject()) }
            #expect((try? swiftLink.get()) != nil ? (try? jsonLink.get()) == Self.oneSpelling(link) : (try? jsonLink.get()) == nil,
                    "case \(index) (seed \(PublicValues.seed)): \(link)")
            let size = values.int64()
            let prediction = Result { () throws(LinkParameterError) in
                try LinkModel.predict(.bounded(count: 3, size: size, concurrency: values.int()), on: link)
            }
            if (try? swiftLink.get()) != nil, size >= 0 {
                #expect((try? prediction.get())?.total.isFinite == true, "case \(index) (seed \(PublicValues.seed)): \(link), size \(size)")
            } else {
                #expect(throws: LinkParameterError.self, "case \(index) (seed \(PublicValues.seed)): \(link), size \(size)") { try prediction.get() }
            }

            let plan = values.faultPlan()
            let swiftPlan = (try? plan.validate()) != nil
            let jsonPlan = try? FaultPlan(jsonObject: plan.jsonObject())
            #expect(swiftPlan ? jsonPlan == plan : jsonPlan == nil, "case \(index) (seed \(PublicValues.seed)): \(plan)")
        }
    }

    @Test(arguments: serverCases)
    func serverValues_endInATypedError_orAServerThatServes(index: Int) async throws {
        var values = Self.values(index, 2)
        let configuration = values.serverConfiguration()
        let server: MockServer
        do {
            server = try await MockServer.start(configuration)
        } catch {
            // The refusal names what `validate()` names: one validation for every entry.
            #expect(throws: error) { try configuration.validate() }
            return
        }
        let plain = configuration.faults == .none && configuration.limits == MockServer.Limits()
        #expect(try await Self.probe(server) == 204 || !plain, "case \(index) (seed \(PublicValues.seed))")

        let link = values.link()
        do {
            try server.setLink(link)
            #expect(server.link == link)
        } catch {
            #expect(server.link == configuration.link)
            #expect(error == .invalidLink(Self.linkError(link)))
        }
        let faults = values.faultPlan()
        do {
            try server.setFaults(faults)
            #expect(server.faults == faults)
        } catch {
            #expect(server.faults == configuration.faults)
        }
        _ = try await Self.probe(server)
        await server.closeClientConnections()
        await server.close()
    }

    @Test(arguments: clientCases)
    func clientValues_endInATypedError_orACorrectDownload(index: Int) async throws {
        var values = Self.values(index, 3)
        var configuration = values.clientConfiguration()
        let method = values.method()
        let headers = values.headers()
        // With no timeout under 5 s, nothing but a refusal (or /bytes's 405 to a method
        // other than GET and HEAD) may stop a valid download: the server here is healthy. (A
        // 1-byte read buffer once looped on partial heads until the total timeout, and this
        // test took that for a typed error.) Such a download gets 30 s in all, for a loaded
        // machine; any other valid configuration may wait a day between retries, and gets 2 s.
        let timeouts = configuration.timeouts
        let generous = [timeouts.connect, timeouts.firstByte, timeouts.idle, timeouts.total].allSatisfy { $0.map { $0 >= .seconds(5) } ?? true }
        if (try? configuration.validate()) != nil {
            let most: Duration = generous ? .seconds(30) : .seconds(2)
            if timeouts.total.map({ $0 > most }) ?? true { configuration.timeouts.total = most }
        }
        try await withMockServer { server in
            let request = DownloadRequest(url: server.url("/bytes/3000?seed=5"), method: method, headers: headers)
            let refusal: DownloadError? = {
                do throws(DownloadError) {
                    try configuration.validate()
                    try request.validate()
                    return nil
                } catch {
                    return error
                }
            }()
            let blocking = BlockingLabClient(configuration: configuration)
            let async = LabClient(configuration: configuration)
            var outcomes: [Result<DownloadResult, DownloadError>] = []
            outcomes.append(try await blocking.onOwnThread { client in Result { () throws(DownloadError) in try client.download(request) } })
            do throws(DownloadError) {
                outcomes.append(.success(try await async.download(request)))
            } catch {
                outcomes.append(.failure(error))
            }
            outcomes += await async.downloadAll([request, request], concurrency: 2).results
            outcomes += try await blocking.onOwnThread { $0.downloadAll([request], concurrency: 1).results }
            for outcome in outcomes {
                switch outcome {
                case .success(let result):
                    #expect(refusal == nil)
                    let expected = method == .head ? [] : try Payload.bytes(seed: 5, count: 3000)
                    #expect(result.body == expected, "case \(index) (seed \(PublicValues.seed))")
                case .failure(let error):
                    if let refusal {
                        #expect(error == refusal, "case \(index) (seed \(PublicValues.seed))")
                    } else if generous {
                        // GET and HEAD must succeed; /bytes answers other methods 405.
                        let refusedMethod = method != .get && method != .head
                        #expect(refusedMethod && error.status == 405, "case \(index) (seed \(PublicValues.seed)): a valid configuration failed: \(error)")
                    }
                }
            }
        }
    }

    /// The values that trapped before issue 14, each in a child process: a slice of zero
    /// bytes set in Swift, an async client with no read buffer, rates of zero and NaN.
    @Test func formerTraps_endInTypedErrors_inAChildProcess() async {
        await #expect(processExitsWith: .success) {
            let server = try await MockServer.start()
            do {
                try server.setFaults([.slice(bytes: 0, delay: .milliseconds(1))])
                exit(3)
            } catch MockServerError.invalidFaultRule(index: 0, _) {}
            let client = LabClient(configuration: ClientConfiguration(readBufferSize: 0))
            do {
                _ = try await client.download(server.url("/bytes/10"))
                exit(4)
            } catch DownloadError.invalidConfiguration(field: "readBufferSize", _, _) {}
            for rate in [0, -1, .nan, .infinity] {
                do {
                    try server.setLink(LinkProfile(bandwidth: .bytesPerSecond(rate)))
                    exit(5)
                } catch MockServerError.invalidLink {}
            }
            do {
                _ = try Payload.bytes(seed: 1, offset: -1, count: 10)
                exit(6)
            } catch {}
            _ = try await LabClient().download(server.url("/bytes/10"))
            await server.close()
        }
    }

    /// The payload functions take any offset and count: the bytes when the range lies within
    /// the payload (the same bytes as a longer range holds there), a typed error otherwise.
    @Test func payloadRanges_endInTheBytes_orATypedError() {
        var values = Self.values(0, 2)
        for index in 0..<2_000 {
            let offset = values.int64(), count = values.int() % (1 << 16)
            do {
                let bytes = try Payload.bytes(seed: 9, offset: offset, count: count)
                #expect(offset >= 0 && count >= 0 && bytes.count == count, "case \(index): \(offset), \(count)")
                if count > 1, offset < Int64.max - Int64(count) {
                    #expect(try Payload.bytes(seed: 9, offset: offset + 1, count: count - 1) == Array(bytes.dropFirst()))
                }
            } catch {
                #expect(offset < 0 || count < 0 || Int64(count) > Int64.max - offset, "case \(index): \(error)")
            }
        }
    }

    /// Sends `GET /status/204` without the link's delays and returns the status, or nil when
    /// the server closed, reset or stayed silent (a fault, a limit).
    static func probe(_ server: MockServer) async throws -> Int? {
        try await blocking { [port = server.port] in
            let connection = try WireConnection(port: port, readTimeout: 2)
            defer { connection.close() }
            _ = connection.send(Array("GET /status/204?latency=0ms&connect-latency=0ms&jitter=none HTTP/1.1\r\nHost: t\r\n\r\n".utf8))
            return connection.readResponse()?.status
        }
    }

    /// The link as the JSON form spells it: a jitter of zero is no jitter.
    static func oneSpelling(_ link: LinkProfile) -> LinkProfile {
        var link = link
        if link.jitter == .uniform(.zero) || link.jitter == .normal(sigma: .zero) { link.jitter = .none }
        return link
    }

    static func linkError(_ link: LinkProfile) -> LinkParameterError {
        do {
            try link.validate()
            return .unknownParameter(name: "none")
        } catch {
            return error
        }
    }
}

import Foundation
import MockServer
import NetworkCore
import Testing
import TestSupport
@testable import NetworkLabClient

/// What both clients promise, checked against MockServer, a raw peer and python's http.server.
@Suite(.live) struct ClientContractTests {
    // MARK: Destinations

    @Test(arguments: ClientKind.allCases)
    func memoryDownload_isByteExact(_ kind: ClientKind) async throws {
        try await withMockServer { server in
            let result = try await kind.download(server.url("/bytes/3MB?seed=7")).get()
            #expect(try result.body == Payload.bytes(seed: 7, count: 3_000_000))
            #expect(result.bytes == 3_000_000 && result.response.status == 200 && result.attempts == 1 && result.file == nil)
            #expect(result.timings.total >= result.timings.timeToFirstByte + result.timings.transfer)
        }
    }

    @Test(arguments: ClientKind.allCases)
    func fileDownload_isByteExact_andLeavesNoPartFile(_ kind: ClientKind) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let destination = folder.appendingPathComponent("out.bin")
        try await withMockServer { server in
            let result = try await kind.download(server.url("/bytes/2MB"), to: .file(destination)).get()
            #expect(result.file == destination && result.body == nil)
            #expect(try Data(contentsOf: destination) == Data(try Payload.bytes(seed: 0, count: 2_000_000)))
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out.bin"])
        }
    }

    @Test(arguments: ClientKind.allCases)
    func sinkDownload_getsEveryByteInOrder_withoutBuffering(_ kind: ClientKind) async throws {
        let next = Lock<Int64>(0)
        let sink = DownloadDestination.sink { offset, bytes in
            try next.withLock { expected in
                guard offset == expected, try Payload.firstMismatch(in: bytes, seed: 3, offset: offset) == nil else {
                    throw CocoaError(.fileReadCorruptFile)
                }
                expected += Int64(bytes.count)
            }
        }
        try await withMockServer { server in
            let result = try await kind.download(server.url("/bytes/2MB?seed=3"), to: sink).get()
            #expect(result.body == nil && result.bytes == 2_000_000)
            #expect(next.withLock { $0 } == 2_000_000)
        }
    }

    @Test(arguments: ClientKind.allCases)
    func sinkThatThrows_abortsTheDownload(_ kind: ClientKind) async throws {
        struct Enough: Error {}
        try await withMockServer { server in
            let outcome = await kind.download(server.url("/bytes/1MB"), to: .sink { _, _ in throw Enough() })
            guard case .sinkFailed = outcome.failure else { Issue.record("\(outcome)"); return }
        }
    }

    // MARK: Connections

    @Test(arguments: ClientKind.allCases)
    func keepAlive_reusesOneConnection_andCanBeTurnedOff(_ kind: ClientKind) async throws {
        try await withMockServer { server in
            let urls = Array(repeating: server.url("/bytes/100KB"), count: 3)
            let reused = await kind.downloadSequentially(urls)
            #expect(reused.allSatisfy { (try? $0.get())?.bytes == 100_000 })
            #expect(await server.entries(count: 3).map(\.connection) == [0, 0, 0])
            let connectTimes = try reused.map { try $0.get().timings.connect }
            #expect(connectTimes.map { $0 == .zero } == [false, true, true])
            server.journal.clear()
            var configuration = ClientConfiguration()
            configuration.keepAlive = false
            _ = await kind.downloadSequentially(urls, configuration: configuration)
            #expect(Set(await server.entries(count: 3).map(\.connection)).count == 3)
        }
    }

    @Test(arguments: ClientKind.allCases)
    func keptAliveConnectionClosedByTheServer_isReplaced_withoutSpendingAnAttempt(_ kind: ClientKind) async throws {
        let peer = try RawPeer { connection, number in
            _ = connection.readRequest()
            connection.write(okResponse("first"))
            if number == 0 {
                _ = connection.readRequest()  // the second request arrives on the kept-alive connection...
                connection.close()  // ...which dies before answering
                return
            }
            connection.waitForClose()
            connection.close()
        }
        let results = await kind.downloadSequentially([peer.url("/a"), peer.url("/b")], configuration: quickConfiguration())
        let second = try results[1].get()
        #expect(second.attempts == 1 && second.body == Array("first".utf8))
        #expect(peer.connections == 2)
    }

    // MARK: Protocol

    @Test(arguments: ClientKind.allCases)
    func redirects_areFollowed_toTheFinalURL(_ kind: ClientKind) async throws {
        let peer = try RawPeer(serving: { path in
            switch path {
            case "/start": "HTTP/1.1 302 Found\r\nLocation: /middle\r\nContent-Length: 0\r\n\r\n"
            case "/middle": "HTTP/1.1 308 Permanent Redirect\r\nLocation: final?x=1\r\nContent-Length: 4\r\n\r\nmove"
            case "/final?x=1": okResponse("arrived")
            default: "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
            }
        })
        let result = try await kind.download(peer.url("/start")).get()
        #expect(String(decoding: result.body ?? [], as: UTF8.self) == "arrived")
        #expect(result.url == peer.url("/final?x=1") && result.attempts == 1)
    }

    @Test(arguments: ClientKind.allCases)
    func urlCredentials_logIn_withBasicAuthorization(_ kind: ClientKind) async throws {
        try await withMockServer { server in
            let url = try #require(URL(string: server.url("/basic-auth/user/pass").absoluteString.replacingOccurrences(of: "http://", with: "http://user:pass@")))
            let result = try await kind.download(url).get()
            #expect(result.response.status == 200)
            #expect(String(decoding: result.body ?? [], as: UTF8.self).contains("\"authenticated\""))
        }
    }

    @Test(arguments: ClientKind.allCases)
    func redirectLoop_failsWithTooManyRedirects(_ kind: ClientKind) async throws {
        let peer = try RawPeer(serving: { _ in "HTTP/1.1 302 Found\r\nLocation: /loop\r\nContent-Length: 0\r\n\r\n" })
        var configuration = ClientConfiguration()
        configuration.redirectLimit = 3
        let outcome = await kind.download(peer.url("/loop"), configuration: configuration)
        #expect(outcome.failure == .tooManyRedirects(limit: 3))
    }

    @Test(arguments: ClientKind.allCases)
    func responseHead_arrivingInPieces_isReadOn_withOneRequest(_ kind: ClientKind) async throws {
        let peer = try RawPeer { connection, _ in
            _ = connection.readRequest()
            // Each piece reaches the client's socket on its own, as through a slow network.
            for piece in ["HTTP/1.1 200 OK\r\nContent-Le", "ngth: 5\r\n", "\r\nhello"] {
                connection.write(piece)
                Thread.sleep(forTimeInterval: 0.05)
            }
            connection.waitForClose()
            connection.close()
        }
        let result = try await kind.download(peer.url("/slow-head"), configuration: quickConfiguration()).get()
        #expect(String(decoding: result.body ?? [], as: UTF8.self) == "hello")
        #expect(result.attempts == 1 && peer.connections == 1)
    }

    @Test(arguments: ClientKind.allCases)
    func oneByteReadBuffer_readsTheWholeResponse_withOneRequest(_ kind: ClientKind) async throws {
        try await withMockServer { server in
            var configuration = quickConfiguration()
            configuration.readBufferSize = 1
            let result = try await kind.download(server.url("/bytes/3000?seed=5"), configuration: configuration).get()
            #expect(try result.body == Payload.bytes(seed: 5, count: 3000) && result.attempts == 1)
            await server.settled()
            #expect(server.journal.entries.count == 1)
        }
    }

    @Test(arguments: ClientKind.allCases)
    func chunkedResponse_writtenInPieces_isDecoded(_ kind: ClientKind) async throws {
        let peer = try RawPeer { connection, _ in
            _ = connection.readRequest()
            connection.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
            for piece in ["5\r\nhel", "lo\r\n7;ext\r\n, world\r\n", "1\r\n!\r\n0\r\n", "\r\n"] { connection.write(piece) }
            connection.waitForClose()
            connection.close()
        }
        let result = try await kind.download(peer.url("/chunked")).get()
        #expect(String(decoding: result.body ?? [], as: UTF8.self) == "hello, world!")
        #expect(result.bytes == 13)
    }

    @Test(arguments: ClientKind.allCases)
    func httpsURL_failsSayingTLSIsNotSupported(_ kind: ClientKind) async throws {
        let outcome = await kind.download(URL(string: "https://127.0.0.1:1/x")!)
        #expect(outcome.failure == .unsupportedScheme("https"))
        #expect(outcome.failure?.description.contains("TLS") == true)
    }

    @Test(arguments: ClientKind.allCases)
    func hostName_isResolved(_ kind: ClientKind) async throws {
        try await withMockServer { server in
            let result = try await kind.download(URL(string: "http://localhost:\(server.port)/bytes/1KB")!).get()
            #expect(result.bytes == 1000)
        }
    }

    @Test(arguments: ClientKind.allCases)
    func progress_isReportedWhileDownloading_andOnceComplete(_ kind: ClientKind) async throws {
        let reports = Reports()
        try await withMockServer { server in
            _ = try await kind.download(server.url("/bytes/300KB?fault=slice:30KB,30ms"), progress: { reports.append($0) }).get()
        }
        // The throttling itself is tested with literal instants; here the reports only need to
        // show the download under way, however the test machine schedules the client.
        let all = reports.all
        #expect(all.count >= 2 && all.first?.isComplete == false)
        #expect(zip(all, all.dropFirst()).allSatisfy { $0.bytesReceived <= $1.bytesReceived })
        #expect(all.dropLast().allSatisfy { !$0.isComplete && $0.totalBytes == 300_000 })
        #expect(all.last?.isComplete == true && all.last?.bytesReceived == 300_000 && all.last?.fractionCompleted == 1)
    }

    // MARK: Errors and timeouts

    @Test(arguments: ClientKind.allCases)
    func closedPort_isRefused(_ kind: ClientKind) async throws {
        // Bound but not listening: refused, and no parallel test's listener can take the port.
        let reserved = try Socket.tcp(family: AF_INET)
        defer { reserved.close() }
        try reserved.bind(SocketAddress(numericHost: "127.0.0.1", port: 0)!)
        let port = try reserved.localAddress().port
        let outcome = await kind.download(URL(string: "http://127.0.0.1:\(port)/")!, configuration: quickConfiguration())
        #expect(outcome.failure == .refused(host: "127.0.0.1", port: port))
    }

    @Test(arguments: ClientKind.allCases)
    func connectTimeout_firesWhenTheHandshakeHangs(_ kind: ClientKind) async throws {
        var configuration = quickConfiguration()
        configuration.timeouts.connect = .milliseconds(200)
        configuration.timeouts.firstByte = .milliseconds(200)
        // Now and then the kernel completes a handshake despite the full backlog (then the
        // first-byte timeout fires instead): try again on a fresh listener.
        var outcome: Result<DownloadResult, DownloadError>?
        for _ in 1...3 where outcome?.failure != .timeout(.connect, limit: .milliseconds(200)) {
            let listener = try await HangingListener.start()
            defer { listener.close() }
            let start = ContinuousClock.now
            outcome = await kind.download(URL(string: "http://\(listener.address)/")!, configuration: configuration)
            // The 200 ms limit, not the kernel's two-minute SYN timeout; loose for a busy machine.
            #expect(ContinuousClock.now - start < .seconds(10))
        }
        #expect(outcome?.failure == .timeout(.connect, limit: .milliseconds(200)))
    }

    @Test(arguments: ClientKind.allCases)
    func firstByteTimeout_firesWhenTheServerNeverAnswers(_ kind: ClientKind) async throws {
        let peer = try RawPeer { connection, _ in
            _ = connection.readRequest()
            connection.waitForClose()
            connection.close()
        }
        var configuration = quickConfiguration()
        configuration.timeouts.firstByte = .milliseconds(200)
        let outcome = await kind.download(peer.url("/"), configuration: configuration)
        #expect(outcome.failure == .timeout(.firstByte, limit: .milliseconds(200)))
    }

    @Test(arguments: ClientKind.allCases)
    func idleTimeout_firesWhenTheBodyStalls(_ kind: ClientKind) async throws {
        let peer = try RawPeer { connection, _ in
            _ = connection.readRequest()
            connection.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nsome")
            connection.waitForClose()
            connection.close()
        }
        var configuration = quickConfiguration()
        configuration.timeouts.idle = .milliseconds(200)
        let outcome = await kind.download(peer.url("/"), configuration: configuration)
        #expect(outcome.failure == .timeout(.idle, limit: .milliseconds(200)))
    }

    @Test(arguments: ClientKind.allCases)
    func totalTimeout_firesOnASlowDownload(_ kind: ClientKind) async throws {
        try await withMockServer { server in
            var configuration = quickConfiguration()
            configuration.timeouts.total = .milliseconds(300)
            let outcome = await kind.download(server.url("/bytes/1MB?bandwidth=500KB/s"), configuration: configuration)
            #expect(outcome.failure == .timeout(.total, limit: .milliseconds(300)))
        }
    }

    // MARK: A third-party server

    @Test(arguments: ClientKind.allCases)
    func pythonHTTPServer_servesByteExactFiles_and404s(_ kind: ClientKind) async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = try Payload.bytes(seed: 11, count: 1_500_000)
        try Data(bytes).write(to: folder.appendingPathComponent("payload.bin"))
        let server = try await PythonHTTPServer.start(serving: folder)
        defer { server.stop() }
        let destination = folder.appendingPathComponent("copy.bin")
        let result = try await kind.download(server.url("/payload.bin"), to: .file(destination)).get()
        #expect(result.response.status == 200 && result.bytes == 1_500_000)
        #expect(try Data(contentsOf: destination) == Data(bytes))
        let missing = await kind.download(server.url("/missing.bin"), configuration: quickConfiguration())
        #expect(missing.failure?.status == 404)
    }

    // MARK: Error answers

    @Test(arguments: ClientKind.allCases)
    func badRequestAnswer_carriesTheServersReason(_ kind: ClientKind) async throws {
        try await withMockServer { server in
            let failure = await kind.download(server.url("/bytes/abc"), configuration: quickConfiguration()).failure
            guard case .httpStatus(400, let body) = failure else { Issue.record("\(String(describing: failure))"); return }
            #expect(body.contains("abc") && body.contains("10MB"), "\(body)")
            #expect(failure?.description.contains("abc") == true)
        }
    }
}

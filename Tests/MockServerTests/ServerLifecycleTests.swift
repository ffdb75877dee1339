import Foundation
import MockServer
import NetworkCore
import TestSupport
import Testing

extension LiveServerTests {
    /// Starting, closing and tearing down servers: `close()` waits for in-flight responses,
    /// `closeClientConnections()` cuts them, `withMockServer` cleans up after a throw.
    @Suite struct ServerLifecycleTests {
        /// A 200 KB download paced at 400 KB/s (0.5 s) on a blocking thread, with a signal once its
        /// head has arrived, so a test can act while the body is in flight.
        struct SlowDownload {
            let headArrived: AsyncStream<Void>
            let result: Task<(body: [UInt8], error: RawConnectionError?, end: RawConnection.End), any Error>

            /// 200 KB at `bandwidth`: half a second by default.
            init(port: Int, bandwidth: String = "400KB/s") {
                let (headArrived, signal) = AsyncStream<Void>.makeStream()
                self.headArrived = headArrived
                result = Task {
                    try await blocking {
                        let connection = try RawConnection(port: port, readTimeout: 60)
                        try connection.write(RawConnection.request("GET", "/bytes/200KB?bandwidth=\(bandwidth)"))
                        _ = try connection.readHead()
                        signal.yield()
                        signal.finish()
                        do throws(RawConnectionError) {
                            let body = try connection.read(count: 200_000)
                            return (body, nil, connection.readToEnd().end)
                        } catch {
                            return ([], error, .closed)
                        }
                    }
                }
            }

            func waitForHead() async {
                for await _ in headArrived { return }
            }
        }

        static func refuses(port: Int) async -> Bool {
            (try? await blocking { () -> Bool in
                do throws(RawConnectionError) {
                    _ = try RawConnection(port: port)
                    return false
                } catch {
                    if case .socket(let socketError) = error { return socketError.isRefused }
                    return false
                }
            }) ?? false
        }

        @Test func close_waitsForTheResponseInFlight_andThenRefusesConnections() async throws {
            let server = try await MockServer.start()
            let download = SlowDownload(port: server.port)
            await download.waitForHead()
            let (_, seconds) = await timedAsync { await server.close() }
            let result = try await download.result.value
            #expect(result.error == nil)
            #expect(try result.body == Payload.bytes(seed: 0, count: 200_000))
            #expect(result.end == .closed)
            #expect(seconds > 0.25, "close() returned after \(seconds) s, before the response ended")
            #expect(await Self.refuses(port: server.port))
            #expect(server.journal.entries.first?.outcome == .complete)
            #expect(await server.connectionCount() == 0)
        }

        /// A client whose request waits out a 60 s latency.
        static func clientWaitingOutALatency(_ server: MockServer) async throws -> RawConnection {
            try await blocking { [port = server.port] in
                let connection = try RawConnection(port: port, readTimeout: 5)
                try connection.write(RawConnection.request("GET", "/bytes/10?latency=60s"))
                return connection
            }
        }

        @Test func close_doesNotWaitOutALatency_forAClientThatHasLeft() async throws {
            let server = try await MockServer.start()
            // A client that gave up (its own timeout) while the server waits out a latency.
            let connection = try await Self.clientWaitingOutALatency(server)
            // Accepted first: a connection still in the kernel's backlog is not the server's yet.
            try await waitUntil { await server.connectionCount() == 1 }
            try await Task.sleep(for: .milliseconds(200))
            connection.close()
            let (_, seconds) = await timedAsync { await server.close() }
            // Not after the 60 s latency (timed across awaits: only that is sure when loaded).
            #expect(seconds < 30, "close() waited \(seconds) s for a response nobody can read")
            let entry = try #require(server.journal.entries.first)
            #expect(entry.outcome == .aborted)
            #expect(entry.bytesSent == 0)
        }

        /// The same client, gone only once the close has begun (or whose FIN was still on its
        /// way when the close first looked, as in a CI run where the server then waited out
        /// the whole 60 s): the close looks again when the socket stirs.
        @Test func close_stopsWaitingOutALatency_whenTheClientLeavesDuringIt() async throws {
            let server = try await MockServer.start()
            let connection = try await Self.clientWaitingOutALatency(server)
            try await waitUntil(timeout: 10) { await server.inFlight().first?.stage == .waiting }
            let closing = Task { await timedAsync { await server.close() }.1 }
            // The close has begun: the exchange is still waiting, for a client still there.
            try await waitUntil(timeout: 10) { await Self.refuses(port: server.port) }
            #expect(server.journal.entries.isEmpty)
            connection.close()
            let seconds = await closing.value
            #expect(seconds < 30, "close() waited \(seconds) s for a response nobody can read")
            let entry = try #require(server.journal.entries.first)
            #expect(entry.outcome == .aborted)
            #expect(entry.bytesSent == 0)
        }

        /// A streamed response with nothing more to send (an event stream between events)
        /// whose client has left, before the close or once it has begun: the close does not
        /// wait for the stream's next piece, which may never come; the stream is cancelled.
        @Test(arguments: [false, true])
        func close_doesNotWaitForAQuietStream_whoseClientHasLeft(leavesDuringTheClose: Bool) async throws {
            let cancelled = StreamBodyTests.Terminated()
            let (events, producer) = AsyncStream.makeStream(of: [UInt8].self)
            producer.onTermination = { _ in cancelled.set() }
            let server = try await MockServer.start(.init(routes: [Route(.get, "/events") { _ in .stream(events) }]))
            producer.yield(Array("data: one\n\n".utf8))
            let connection = try await blocking { [port = server.port] in
                let connection = try RawConnection(port: port, readTimeout: 5)
                try connection.write(RawConnection.request("GET", "/events"))
                _ = try connection.readHead()
                return connection
            }
            try await waitUntil(timeout: 10) { await server.inFlight().first?.stage == .sending }
            if !leavesDuringTheClose {
                connection.close()
                // Its FIN is in before the close looks.
                try await Task.sleep(for: .milliseconds(200))
            }
            let closed = StreamBodyTests.Terminated()
            let closing = Task {
                await server.close()
                closed.set()
            }
            if leavesDuringTheClose {
                try await waitUntil(timeout: 10) { await Self.refuses(port: server.port) }
                #expect(server.journal.entries.isEmpty, "the close waits while the client is there")
                connection.close()
            }
            // "Never" is ruled out at 30 s; the stream then ends, so that a failing test ends too.
            let waitedOut = (try? await waitUntil(timeout: 30) { closed.value }) == nil
            #expect(!waitedOut, "close() waited 30 s for a stream nobody can read")
            producer.finish()
            await closing.value
            let entry = try #require(server.journal.entries.first)
            #expect(entry.outcome == .aborted)
            #expect(entry.error == "the client closed its connection during the response")
            try await waitUntil(timeout: 10) { cancelled.value }
        }

        @Test func close_closesIdleKeepAliveConnections_atOnce() async throws {
            let server = try await MockServer.start()
            let connection = try await blocking { [port = server.port] in
                let connection = try RawConnection(port: port, readTimeout: 5)
                _ = try connection.exchange(RawConnection.request("GET", "/bytes/10"))
                return connection
            }
            #expect(await server.connectionCount() == 1)
            let (_, seconds) = await timedAsync { await server.close() }
            // Not after the 60 s idle timeout (timed across awaits: only that is sure when loaded).
            #expect(seconds < 30, "\(seconds)")
            let end = try await blocking { connection.readToEnd().end }
            #expect(end == .closed)
        }

        @Test func closeClientConnections_cutsTheResponseInFlight_andKeepsServing() async throws {
            try await withMockServer { server in
                let download = SlowDownload(port: server.port)
                await download.waitForHead()
                await server.closeClientConnections()
                let result = try await download.result.value
                #expect(result.error != nil)
                #expect(await server.connectionCount() == 0)
                let next = try await server.get("/bytes/10")
                #expect(next.status == 200)
                await server.settled()
                #expect(server.journal.entries.first?.outcome == .aborted)
                #expect(try #require(server.journal.entries.first?.bytesSent) < 200_000)
            }
        }

        struct Thrown: Error {
            var port: Int
        }

        @Test func withMockServer_closesTheServer_whenTheBodyThrows() async throws {
            do {
                try await withMockServer { server in
                    _ = try await server.get("/bytes/10")
                    throw Thrown(port: server.port)
                }
                Issue.record("the body's error was not rethrown")
            } catch let error as Thrown {
                #expect(await Self.refuses(port: error.port))
            }
        }

        @Test func withMockServer_cutsResponsesInFlight_whenTheBodyThrows() async throws {
            let started = Lock<SlowDownload?>(nil)
            let (_, seconds) = await timedAsync {
                await #expect(throws: Thrown.self) {
                    try await withMockServer { server in
                        // Ten seconds long: waiting for it is "never" for this test.
                        let download = SlowDownload(port: server.port, bandwidth: "20KB/s")
                        started.withLock { $0 = download }
                        await download.waitForHead()
                        throw Thrown(port: server.port)
                    }
                }
            }
            // Torn down at once, not after the 10 s response (timed across awaits, so only
            // "not after it" is sure on a loaded machine).
            #expect(seconds < 5, "\(seconds)")
            let result = try #require(started.withLock { $0 }).result
            #expect(try await result.value.error != nil)
        }

        /// Main-actor code (an app's, a UI test's) uses its own state in the body. Before the
        /// body ran in the caller's isolation, this did not compile: "sending value of
        /// non-Sendable type '(MockServer) async throws -> Void' risks causing data races".
        @MainActor @Test func withMockServer_runsTheBodyInTheCallersIsolation() async throws {
            final class Screen { var statuses: [Int] = [] }
            let screen = Screen()
            let count = try await withMockServer { server in
                MainActor.assertIsolated()
                screen.statuses.append(try await server.get("/bytes/10").status)
                return screen.statuses.count
            }
            #expect(count == 1 && screen.statuses == [200])
        }

        @Test func start_refusesAHostThatIsNotANumericAddress() async throws {
            await #expect(throws: MockServerError.invalidHost("localhost")) {
                _ = try await MockServer.start(.init(host: "localhost"))
            }
        }

        @Test func start_onAPortInUse_saysWhichAddressAndWhy() async throws {
            try await withMockServer { server in
                do {
                    _ = try await MockServer.start(.init(port: server.port))
                    Issue.record("a second server bound port \(server.port)")
                } catch let error as MockServerError {
                    guard case .cannotListen(let address, let reason) = error else {
                        Issue.record("\(error)")
                        return
                    }
                    #expect(address == "127.0.0.1:\(server.port)")
                    #expect(reason.contains("in use"))
                }
            }
        }

        @Test func url_joinsPathsToTheBaseURL() async throws {
            try await withMockServer { server in
                #expect(server.url.absoluteString == "http://127.0.0.1:\(server.port)")
                #expect(server.url("/bytes/10?seed=1").absoluteString == "http://127.0.0.1:\(server.port)/bytes/10?seed=1")
                #expect(server.url("bytes/10") == server.url("/bytes/10"))
            }
        }

        @Test func ipv6Loopback_servesToo() async throws {
            try await withMockServer(.init(host: "::1")) { server in
                #expect(server.url.absoluteString == "http://[::1]:\(server.port)")
                let result = try await Curl.run(server.url("/bytes/1KB"))
                #expect(result.exitCode == 0)
                #expect(try result.body == Payload.bytes(seed: 0, count: 1000))
            }
        }
    }
}

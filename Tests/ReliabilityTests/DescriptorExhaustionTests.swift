import Foundation
import NetworkCore
import TestSupport
import Testing

/// Out of file descriptors (`EMFILE`): `lab serve` in a child process with a low `ulimit -n`,
/// flooded with connections. It must not spin on its listener or crash; connections it cannot
/// accept wait in the backlog; a request that needs a descriptor gets a retryable 503; and once
/// descriptors free up it accepts and serves everyone who waited.
///
/// A child process, because the limit applies to a whole process: lowering it here would
/// starve every other test running alongside.
@Suite struct DescriptorExhaustionTests {
    /// What the test saw, gathered on a thread of its own and checked afterwards.
    struct Observations: Sendable {
        var beforeFlood: Int?
        var cpuSecondsWhileStarved = 0.0
        var queuedServedWhileStarved = true
        var starvedFixture: (status: Int?, retryAfter: String?)
        var queuedAfterwards: [Int?] = []
        var fixtureAfterwards: Int?
        var freshAfterwards: Int?
    }

    @Test func outOfDescriptors_theServerBacksOff_thenRecoversAndServesWhoWaited() async throws {
        // Past the default cap (3/4 of the 40 descriptors), so accepting really runs out.
        let server = try LabProcess(["serve", "--fixtures", Repository.fixtures, "--max-connections", "1000"], shellPrefix: "ulimit -n 40 &&")
        let port = try #require(try await server.url().port)
        let seen = try await blocking { () throws -> Observations in
            var seen = Observations(starvedFixture: (nil, nil))
            // A connection accepted while descriptors remain, kept alive through the flood.
            let early = try WireConnection(port: port, readTimeout: 10)
            seen.beforeFlood = try Self.get("/bytes/10", on: early)?.status

            // Far more connections than descriptors: the first take the rest, the others queue.
            let flood = try (0..<60).map { _ in try WireConnection(port: port, readTimeout: 10) }
            // Until the server has accepted its way to the limit (seconds on a loaded machine).
            let start = ContinuousClock.now
            while try server.openDescriptors < 40, elapsedSeconds(since: start) < 20 { Thread.sleep(forTimeInterval: 0.05) }
            let queued = Array(flood.suffix(5))
            for connection in queued {
                connection.send(Array("GET /bytes/100 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".utf8))
            }
            let cpuBefore = try server.cpuSeconds
            Thread.sleep(forTimeInterval: 1)
            seen.cpuSecondsWhileStarved = try server.cpuSeconds - cpuBefore
            seen.queuedServedWhileStarved = queued[0].waitReadable(seconds: 0)
            let starved = try Self.get("/fixtures/hello.txt", on: early)
            seen.starvedFixture = (starved?.status, starved?.headers["Retry-After"])

            // Descriptors come back.
            for connection in flood.dropLast(5) { connection.close() }
            seen.queuedAfterwards = queued.map { connection in
                let response = ReceivedResponses(connection.readToEnd().bytes, methods: [.get]).responses.first
                return response?.body.count == 100 ? response?.status : nil
            }
            seen.fixtureAfterwards = try Self.get("/fixtures/hello.txt", on: early)?.status
            seen.freshAfterwards = try WireConnection.exchange("GET /bytes/10 HTTP/1.1\r\nHost: t\r\n\r\n", port: port).response?.status
            early.close()
            return seen
        }
        server.terminate()
        let exit = try await server.exit()
        #expect(seen.beforeFlood == 200)
        // Backing off, not spinning: accept is retried a few times a second at most.
        #expect(seen.cpuSecondsWhileStarved < 0.25, "the server used \(seen.cpuSecondsWhileStarved) s of CPU in 1 s while out of descriptors")
        #expect(!seen.queuedServedWhileStarved, "a connection was served although no descriptor was left for it")
        // Opening a fixture needs a descriptor too: a retryable 503, not a false 404.
        #expect(seen.starvedFixture.status == 503)
        #expect(seen.starvedFixture.retryAfter == "1")
        #expect(seen.queuedAfterwards == [200, 200, 200, 200, 200])
        #expect(seen.fixtureAfterwards == 200)
        #expect(seen.freshAfterwards == 200)
        #expect(exit.status == 0, "lab serve exited with \(exit.status): \(exit.stderr)")
    }

    @Test func byDefault_aFloodedServerKeepsDescriptorsInReserve_andStillOpensFixtures() async throws {
        let server = try LabProcess(["serve", "--fixtures", Repository.fixtures], shellPrefix: "ulimit -n 200 &&")
        let port = try #require(try await server.url().port)
        let (held, fixture) = try await blocking { () throws -> (Int, Int?) in
            let early = try WireConnection(port: port, readTimeout: 10)
            _ = try Self.get("/bytes/10", on: early)
            let flood = try (0..<180).map { _ in try WireConnection(port: port, readTimeout: 10) }
            defer { flood.forEach { $0.close() } }
            // The default cap is 150 (3/4 of 200): 149 of the flood are served beside `early`,
            // the others wait in the listen queue.
            for connection in flood { connection.send(Array("GET /bytes/1 HTTP/1.1\r\nHost: t\r\n\r\n".utf8)) }
            func answered() -> Int { flood.filter { $0.waitReadable(seconds: 0) }.count }
            // Until the cap is reached (a loaded machine, or AddressSanitizer, may take
            // seconds), then a while longer: a server past its cap would answer more meanwhile.
            let start = ContinuousClock.now
            while answered() < 149, elapsedSeconds(since: start) < 20 { Thread.sleep(forTimeInterval: 0.05) }
            Thread.sleep(forTimeInterval: 0.5)
            let held = answered()
            return (held, try Self.get("/fixtures/hello.txt", on: early)?.status)
        }
        server.terminate()
        _ = try await server.exit()
        #expect(held == 149)
        #expect(fixture == 200)
    }

    /// Sends a GET on a kept-alive connection and reads its response.
    static func get(_ path: String, on connection: WireConnection) throws -> ReceivedResponses.Response? {
        connection.send(Array("GET \(path) HTTP/1.1\r\nHost: t\r\n\r\n".utf8))
        return connection.readResponse()
    }
}

import Foundation
import MockServer
import NetworkCore
import TestSupport
import Testing

/// Load without leaks: 5,000 connections held open at once while 100,000 small requests are
/// served over them, then everything closed; the process is back to the descriptors, threads
/// and (nearly) the memory it had before. Run in a child process of its own, so that the
/// other tests' sockets and threads do not blur the count. Under a sanitizer, which checks the
/// same paths ten or more times slower and cannot see memory this way, 1,000 connections and
/// 10,000 requests.
@Suite struct LoadTests {
    static let connections = Sanitizers.present ? 1_000 : 5_000
    static let requestsPerConnection = Sanitizers.present ? 10 : 20
    /// Memory a run may keep (allocator caches; about 3 MiB in practice). A leak of a few
    /// hundred bytes per connection or request, or one server's journal, is more.
    static let memoryAllowance = 16 * 1_048_576

    @Test func fiveThousandConnections_serveAHundredThousandRequests_andLeaveNothingBehind() async throws {
        try await IsolatedTest.run("LoadTests/loadInThisProcess", timeout: 240)
    }

    @Test(.enabled(if: IsolatedTest.isChild))
    func loadInThisProcess() async throws {
        let expected = try Payload.bytes(seed: 0, count: 64)
        // Warm up what is created once per process (the shared loop, thread pools, caches).
        try await Self.load(connections: 100, requestsPerConnection: 2, expected: expected)
        // Also creates Dispatch's timer descriptors, which the waits below would otherwise add.
        try await Task.sleep(for: .milliseconds(200))
        let before = try ProcessResources.now()

        let start = ContinuousClock.now
        let (served, failures) = try await Self.load(
            connections: Self.connections, requestsPerConnection: Self.requestsPerConnection, expected: expected)
        let seconds = elapsedSeconds(since: start)
        print("load: \(served) responses over \(Self.connections) connections in \(seconds) s; before: \(before)")
        #expect(failures.isEmpty, "\(failures.count) failures, first: \(failures.prefix(5))")
        #expect(served == Self.connections * Self.requestsPerConnection)

        // Threads exit, descriptors close and the closed server's journal (100,000 entries) is
        // freed asynchronously, later on a loaded machine; give them time (10 s was once too
        // short for the memory, 17 MiB above before, with two busy loops beside the suite). A
        // leak never comes back, however long the wait, and a passing run waits for nothing.
        var after = try ProcessResources.now()
        let deadline = ContinuousClock.now + .seconds(30)
        func settled(_ after: ProcessResources) -> Bool {
            after.descriptors <= before.descriptors && after.threads <= before.threads
                && (!ProcessResources.residentMemoryShowsLeaks || after.residentBytes < before.residentBytes + Self.memoryAllowance)
        }
        while !settled(after) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            after = try ProcessResources.now()
        }
        print("load: after: \(after)")
        // A leak only adds; the runtime may close one of its own meanwhile (12 before, 11 after, once).
        #expect(after.descriptors <= before.descriptors, "before: \(before); after: \(after); new: \(after.filesOpened(since: before))")
        #expect(after.threads <= before.threads, "before: \(before); after: \(after)")
        if ProcessResources.residentMemoryShowsLeaks {
            #expect(after.residentBytes < before.residentBytes + Self.memoryAllowance, "before: \(before); after: \(after)")
        }
    }

    /// Opens `connections` to a fresh server, checks that it holds them all, runs the requests,
    /// closes everything; returns the responses checked and the failures.
    @discardableResult
    static func load(connections: Int, requestsPerConnection: Int, expected: [UInt8]) async throws -> (Int, [String]) {
        let server = try await MockServer.start()
        let driver = try LoadDriver(path: "/bytes/\(expected.count)", expectedBody: expected)
        await driver.connect(connections, port: server.port)
        try await waitUntil(timeout: 30) { await server.connectionCount() == connections }
        #expect(await driver.openConnections == connections)
        await driver.run(requestsPerConnection: requestsPerConnection)
        let result = (driver.responses, driver.failures)
        await driver.shutDown()
        try await waitUntil(timeout: 10) { await server.connectionCount() == 0 }
        await server.close()
        return result
    }
}

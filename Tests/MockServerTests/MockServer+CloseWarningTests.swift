import Foundation
@testable import MockServer
import TestSupport
import Testing

/// `close()` waits for responses in flight, so a handler or stream that never ends would keep a
/// test waiting without a word: after a while it names what it waits for on standard error.
@Suite struct MockServerCloseWarningTests {
    @Test func close_namesTheExchangesItWaitsFor_whenAStreamNeverEnds() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            let never = AsyncStream<[UInt8]> { _ in }
            let server = try await MockServer.start(.init(routes: [Route(.get, "/forever") { _ in .stream(never) }]))
            let port = server.port
            let connection = try await blocking {
                let connection = try RawConnection(port: port)
                try connection.write(RawConnection.request("GET", "/forever"))
                _ = try connection.readHead()
                return connection
            }
            Task { await server.close(warningAfter: .milliseconds(100)) }
            try await Task.sleep(for: .seconds(3))
            withExtendedLifetime(connection) { exit(0) }
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(stderr.contains("close() has waited 0.1 seconds for 1 exchange in flight: GET /forever (sending)"), "\(stderr)")
        #expect(stderr.contains("closeClientConnections()"))
    }

    @Test func close_saysNothing_whenNothingIsInFlight() async throws {
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            let server = try await MockServer.start()
            await server.close(warningAfter: .milliseconds(1))
            try await Task.sleep(for: .milliseconds(300))
            exit(0)
        }
        let stderr = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(!stderr.contains("MockServer"), "\(stderr)")
    }
}

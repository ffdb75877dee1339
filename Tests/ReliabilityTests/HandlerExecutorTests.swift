import Foundation
import MockServer
import NetworkCore
import Testing
import TestSupport

/// Route handlers run on the server's own threads (`HandlerExecutor`), so a test suite that
/// keeps Swift's cooperative pool busy does not keep a route's client waiting.
@Suite struct HandlerExecutorTests {
    @Test func aRouteIsAnswered_whileEveryCooperativePoolThreadIsBlocked() async throws {
        try await IsolatedTest.run("HandlerExecutorTests/blockedPoolInThisProcess", timeout: 60)
    }

    /// In a child process: this test blocks the whole pool on purpose.
    @Test(.enabled(if: IsolatedTest.isChild))
    func blockedPoolInThisProcess() async throws {
        let routes = [Route(.get, "/hello") { _ in .text("hello") }]
        try await withMockServer(.init(routes: routes)) { server in
            let port = server.port
            let width = ProcessInfo.processInfo.activeProcessorCount
            let blocked = Lock(0)
            // Every pool thread sleeps 8 s: until then no task on the pool runs.
            @Sendable func holdThisThread() {
                blocked.withLock { $0 += 1 }
                Thread.sleep(forTimeInterval: 8)
            }
            let sleepers = (0..<width).map { _ in Task.detached { holdThisThread() } }
            let (status, body, seconds) = try await blocking { () throws -> (Int?, String, Double) in
                let start = Date()
                while blocked.withLock({ $0 }) < width, Date().timeIntervalSince(start) < 10 { Thread.sleep(forTimeInterval: 0.01) }
                let asked = Date()
                let (response, _) = try WireConnection.exchange("GET /hello HTTP/1.1\r\nHost: t\r\n\r\n", port: port, readTimeout: 30)
                return (response?.status, response.map { String(decoding: $0.body, as: UTF8.self) } ?? "", Date().timeIntervalSince(asked))
            }
            for sleeper in sleepers { await sleeper.value }
            #expect(blocked.withLock { $0 } == width)
            #expect(status == 200)
            #expect(body == "hello")
            // On the pool, the handler would have waited for the sleepers: 8 s.
            #expect(seconds < 4, "answered after \(seconds) s")
        }
    }
}

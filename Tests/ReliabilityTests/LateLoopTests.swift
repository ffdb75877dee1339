import Foundation
import MockServer
import NetworkCore
import TestSupport
import Testing

/// Timeouts judge what the client sent, not how promptly a busy event loop read it: a request
/// that arrived in time is served even when the loop runs late, as it does on a loaded CI
/// machine or under a sanitizer. The loop is stalled on purpose, in a child process (the stall
/// would delay every other test's server in this one).
@Suite struct LateLoopTests {
    @Test func requestThatArrivedInTime_isServed_whenTheLoopWakesAfterTheTimeout() async throws {
        try await IsolatedTest.run("LateLoopTests/lateLoopInThisProcess", timeout: 60)
    }

    @Test(.enabled(if: IsolatedTest.isChild))
    func lateLoopInThisProcess() async throws {
        let limits = MockServer.Limits(idleTimeout: .milliseconds(100), headerTimeout: .milliseconds(100))
        try await withMockServer(.init(limits: limits)) { server in
            // Idle between requests, then a request, then the loop wakes 300 ms late.
            let port = server.port
            let (kept, status) = try await blocking { () throws -> (WireConnection, Int?) in
                let kept = try WireConnection(port: port, readTimeout: 10)
                kept.send(Array("GET /bytes/10 HTTP/1.1\r\nHost: t\r\n\r\n".utf8))
                return (kept, kept.readResponse()?.status)
            }
            #expect(status == 200)
            let fresh = try await blocking { try WireConnection(port: port, readTimeout: 10) }
            try await Task.sleep(for: .milliseconds(20))
            // Its semaphores wait for the stalled loop: off the pool.
            try await blocking {
                Self.stallTheLoop(milliseconds: 300) {
                    kept.send(Array("GET /bytes/10 HTTP/1.1\r\nHost: t\r\n\r\n".utf8))
                    fresh.send(Array("GET /bytes/20 HTTP/1.1\r\nHost: t\r\n\r\n".utf8))
                }
            }
            let statuses = try await blocking { [kept, fresh] in (kept.readResponse()?.status, fresh.readResponse()?.body.count) }
            #expect(statuses.0 == 200, "a kept-alive connection whose next request came in time")
            #expect(statuses.1 == 20, "a new connection whose request came in time")
        }
    }

    /// Blocks the shared event loop for `milliseconds` in the middle of an iteration (in a
    /// readiness handler, where a slow response would block it), running `during` meanwhile;
    /// the loop then runs the timers that fell due before it looks for readiness again.
    static func stallTheLoop(milliseconds: Int, during: @escaping @Sendable () -> Void) {
        var pair: [Int32] = [0, 0]
        _ = pipe(&pair)
        let (reader, writer) = (pair[0], pair[1])
        let stall = Stall(fd: reader, milliseconds: milliseconds)
        let registered = DispatchSemaphore(value: 0)
        EventLoop.shared.execute {
            stall.registration = try? EventLoop.shared.register(stall, fd: reader)
            registered.signal()
        }
        registered.wait()
        _ = write(writer, "x", 1)
        stall.started.wait()
        during()
        stall.finished.wait()
        EventLoop.shared.execute {
            if let registration = stall.registration { EventLoop.shared.deregister(registration, fd: reader) }
            close(reader)
            close(writer)
        }
    }

    /// A readiness handler that sleeps.
    final class Stall: Selectable, @unchecked Sendable {
        // Unchecked: `registration` is touched on the loop only; the semaphores are thread-safe.
        let fd: Int32
        let milliseconds: Int
        var registration: Registration?
        let started = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        private var fired = false

        init(fd: Int32, milliseconds: Int) {
            self.fd = fd
            self.milliseconds = milliseconds
        }

        func handleReadiness(_ event: ReadinessEvent) {
            guard event.readable, !fired else { return }
            fired = true
            started.signal()
            usleep(useconds_t(milliseconds * 1000))
            finished.signal()
        }
    }
}

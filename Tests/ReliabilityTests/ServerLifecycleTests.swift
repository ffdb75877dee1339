import Foundation
import MockServer
import NetworkCore
import TestSupport
import Testing

/// Servers started and closed by the thousand, as a test suite does, leave nothing behind:
/// no descriptor, no thread, no memory (each server's buffers and journal are freed). In a
/// child process, like ``LoadTests``, so that other tests do not blur the count.
@Suite struct ServerLifecycleTests {
    static let servers = 300

    @Test func manyServersStartedAndClosed_leaveNoDescriptorThreadOrMemoryBehind() async throws {
        try await IsolatedTest.run("ServerLifecycleTests/lifecyclesInThisProcess", timeout: 120)
    }

    @Test(.enabled(if: IsolatedTest.isChild))
    func lifecyclesInThisProcess() async throws {
        try await Self.startServeAndClose(count: 20)
        // The first sleep creates Dispatch's timer descriptors, which then stay; the wait for
        // stragglers below sleeps, so they must exist before counting.
        try await Task.sleep(for: .milliseconds(100))
        let before = try ProcessResources.now()
        try await Self.startServeAndClose(count: Self.servers)
        var after = try ProcessResources.now()
        let deadline = ContinuousClock.now + .seconds(5)
        while (after.descriptors > before.descriptors || after.threads > before.threads) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            after = try ProcessResources.now()
        }
        print("lifecycles: before: \(before); after: \(after)")
        // At most as many: a descriptor the runtime had open before (seen once in a full run)
        // may close meanwhile; a leak only ever adds.
        #expect(after.descriptors <= before.descriptors, "before: \(before); after: \(after); new: \(after.filesOpened(since: before))")
        #expect(after.threads <= before.threads, "before: \(before); after: \(after)")
        // Each server touches about 400 KB of buffers and keeps a journal; 300 leaked would be
        // over 100 MB.
        if ProcessResources.residentMemoryShowsLeaks {
            #expect(after.residentBytes < before.residentBytes + 16 * 1_048_576, "before: \(before); after: \(after)")
        }
    }

    /// Starts `count` servers one after another; each serves a 300 KB body (which fills its
    /// send buffers) and a few small requests, then closes.
    static func startServeAndClose(count: Int) async throws {
        for _ in 0..<count {
            try await withMockServer { server in
                try await blocking { [port = server.port] in
                    for path in ["/bytes/300KB", "/bytes/10", "/status/404", "/bytes/1KB?latency=1ms"] {
                        let (response, _) = try WireConnection.exchange("GET \(path) HTTP/1.1\r\nHost: t\r\n\r\n", port: port)
                        guard response != nil else { throw TestSetupError("no response to \(path)") }
                    }
                }
                try server.setLink(.unlimited)
            }
        }
    }
}

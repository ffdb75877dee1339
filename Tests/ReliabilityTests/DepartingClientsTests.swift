import Foundation
import MockServer
import TestSupport
import Testing

/// Clients that leave in the middle of a large fixture, resetting the connection under the
/// server's sends: a write to such a peer raises SIGPIPE unless it says MSG_NOSIGNAL, and that
/// must never kill the process that hosts the server. In a child process with SIGPIPE's default
/// action (to terminate) restored, so that no test runner's own handling can hide it.
@Suite struct DepartingClientsTests {
    @Test func clientsLeavingMidFixture_neverKillTheProcess_andTheServerKeepsServing() async throws {
        try await IsolatedTest.run("DepartingClientsTests/departuresInThisProcess", timeout: 60)
    }

    @Test(.enabled(if: IsolatedTest.isChild))
    func departuresInThisProcess() async throws {
        signal(SIGPIPE, SIG_DFL)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try Data(repeating: 0x5a, count: 20_000_000).write(to: URL(fileURLWithPath: folder.path + "/large.bin"))
        try await withMockServer(.init(fixtures: folder.path)) { server in
            let status = try await blocking { [port = server.port] () throws -> Int? in
                for _ in 0..<20 {
                    // Closing with unread bytes resets the connection under the server's sends.
                    let connection = try WireConnection(port: port, readTimeout: 5)
                    connection.send(Array("GET /fixtures/large.bin HTTP/1.1\r\nHost: t\r\n\r\n".utf8))
                    _ = connection.readAvailable()
                    connection.close()
                    Thread.sleep(forTimeInterval: 0.02)
                }
                return try WireConnection.exchange("GET /bytes/10 HTTP/1.1\r\nHost: t\r\n\r\n", port: port).response?.status
            }
            #expect(status == 200)
            await server.settled()
            #expect(server.journal.entries.filter { $0.outcome == .aborted }.count == 20)
        }
    }

    @Test func proxyClientsResettingMidTransfer_neverKillTheProcess_andTheProxyKeepsServing() async throws {
        try await IsolatedTest.run("DepartingClientsTests/proxyDeparturesInThisProcess", timeout: 60)
    }

    /// A write into a reset peer raises SIGPIPE unless the writer says MSG_NOSIGNAL; the host
    /// process here keeps the default action, which would kill it.
    @Test(.enabled(if: IsolatedTest.isChild))
    func proxyDeparturesInThisProcess() async throws {
        signal(SIGPIPE, SIG_DFL)
        let upstream = try await TCPPeer.python(.send(20_000_000))
        let proxy = try await TCPProxy.start(upstream: upstream.address)
        let port = proxy.port
        let whole = try await blocking { () -> Int in
            // Whether the proxy's next send meets the reset as ECONNRESET or, once a read took
            // that error, as EPIPE (SIGPIPE without MSG_NOSIGNAL) is a race: many departures.
            for _ in 0..<60 {
                let client = try RawTCPClient(port: port)
                _ = client.receive(limit: 500_000, silence: 5)
                client.reset()
                Thread.sleep(forTimeInterval: 0.02)
            }
            return try RawTCPClient(port: port).receive(silence: 10).bytes.count
        }
        #expect(whole == 20_000_000)
        try await waitUntil { proxy.journal.entries.count == 61 }
        #expect(proxy.journal.entries.filter { $0.ending == "reset by client" }.count == 60)
        await proxy.close()
        upstream.stop()
    }
}

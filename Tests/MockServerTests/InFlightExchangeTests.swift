import MockServer
import TestSupport
import Testing

extension LiveServerTests {
    /// `server.inFlight()`: the exchanges the journal does not show yet.
    @Suite struct InFlightExchangeTests {
        @Test func stalledDownload_isInFlightAsStalled_untilTheClientLeaves() async throws {
            try await withMockServer { server in
                let target = "/bytes/1MB?fault=stall-after:64KiB"
                let connection = try await blocking { [port = server.port] in
                    let connection = try RawConnection(port: port)
                    try connection.write(RawConnection.request("GET", target))
                    _ = try connection.readHead()
                    _ = try connection.read(count: 65_536)
                    return connection
                }
                try await waitUntil(timeout: 10) { await server.inFlight().first?.stage == .stalled }
                let exchange = try #require(await server.inFlight().first)
                #expect(exchange.path == "/bytes/1MB")
                #expect(exchange.query == "fault=stall-after:64KiB")
                #expect(exchange.status == 200)
                #expect(exchange.bytesSent == 65_536)
                #expect(exchange.fault == "stall-after:64KiB")
                #expect(server.journal.entries.isEmpty)
                connection.close()
                try await waitUntil(timeout: 10) { await server.inFlight().isEmpty }
                #expect(server.entries(target).count == 1)
            }
        }

        @Test func responseWaitingForItsLatency_isInFlightAsWaiting() async throws {
            try await withMockServer { server in
                let port = server.port
                async let response = blocking {
                    try RawConnection(port: port).exchange(RawConnection.request("GET", "/bytes/10?latency=1s"))
                }
                try await waitUntil(timeout: 10) { await server.inFlight().count == 1 }
                let exchange = try #require(await server.inFlight().first)
                #expect(exchange.stage == .waiting)
                #expect(exchange.status == nil)
                #expect(exchange.method == "GET")
                #expect(try await response.status == 200)
                await server.settled()
                #expect(await server.inFlight().isEmpty)
            }
        }
    }
}

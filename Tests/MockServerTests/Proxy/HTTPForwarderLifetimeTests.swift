import Foundation
@testable import MockServer
import TestSupport
import Testing

extension LiveProxyTests {
    /// A closed proxy lets go of its forwarder (and with it the recorder of `lab proxy
    /// --record`) at once: a closed connection's watchdog timer no longer holds the connection,
    /// and through it the routing table, until its deadline.
    @Suite struct HTTPForwarderLifetimeTests {
        @Test func closedProxy_freesItsForwarder_withAKeptAliveConnectionOpenUntilClose() async throws {
            weak var forwarder: HTTPForwarder?
            let origin = try await MockServer.start()
            do {
                var configuration = MockServer.Configuration()
                configuration.upstream = MockServer.Upstream(url: origin.url)
                let proxy = try await MockServer.start(configuration)
                forwarder = proxy.state.forwarder
                // Kept alive (no `Connection: close`), read off the cooperative pool, which the
                // proxy's handler needs.
                let (connection, response) = try await blocking { [port = proxy.port] in
                    let connection = try RawConnection(port: port)
                    try connection.write(RawConnection.request("GET", "/bytes/10"))
                    return (connection, try connection.readResponse(method: .get))
                }
                #expect(response.status == 200)
                await proxy.close()
                connection.close()
            }
            await origin.close()
            // The last references go in the loop turn after close: give it a few.
            for _ in 0..<50 where forwarder != nil { try await Task.sleep(for: .milliseconds(20)) }
            #expect(forwarder == nil)
        }
    }
}

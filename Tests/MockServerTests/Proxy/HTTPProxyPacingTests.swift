import Foundation
@testable import MockServer
import NetworkCore
import TestSupport
import Testing

extension LiveProxyTests {
    /// The HTTP proxy's pacing of bodies that wait for their upstream, against Python's
    /// `http.server`: a waiting body leaves the link and comes back to it paced.
    @Suite struct HTTPProxyPacingTests {
        /// GETs `target` through the proxy at `port` on a connection of its own: the body, and
        /// the seconds from the request's send to the response's end.
        private static func timedGet(_ target: String, port: Int) async throws -> ([UInt8], Double) {
            try await blocking {
                let connection = try RawConnection(port: port)
                let start = Date()
                let response = try connection.exchange("GET \(target) HTTP/1.1\r\nHost: t\r\n\r\n")
                return (response.body, Date().timeIntervalSince(start))
            }
        }

        /// Nine responses whose upstream stopped sending leave a tenth the whole 200 KB/s
        /// shared link (0.5 s for 100 KB), where counting them would give it 20 KB/s (5 s).
        @Test func bodiesWaitingForTheirUpstream_takeNoShareOfTheLink() async throws {
            let upstream = try await PythonUpstream.start()
            let proxy = try await MockServer.start(upstream: upstream.url)
            try proxy.setLink(LinkProfile(linkBandwidth: .kilobytesPerSecond(200)))
            let port = proxy.port
            let stalled = try await blocking { () -> [RawConnection] in
                try (0..<9).map { _ in
                    let connection = try RawConnection(port: port)
                    try connection.write("GET /stall-body HTTP/1.1\r\nHost: t\r\n\r\n")
                    #expect(try connection.readHead().status == 200)
                    // All its upstream sent: from here the body waits.
                    #expect(try connection.read(count: 5_000) == PythonUpstream.pattern(5_000))
                    return connection
                }
            }
            let (body, seconds) = try await Self.timedGet("/binary?size=100000", port: port)
            #expect(body == PythonUpstream.pattern(100_000))
            #expect(seconds >= 0.45)
            #expect(seconds < 2.5, "the waiting bodies took shares of the link")
            for connection in stalled { connection.close() }
            // Their upstream's end ends the stalled responses, so the close does not wait 30 s.
            upstream.stop()
            await proxy.close()
        }

        /// A body that waited for its upstream is paced again when the rest comes: 60,000
        /// bytes at 100 KB/s take 0.6 s, plus the upstream's 0.4 s pause, and arrive intact.
        @Test func aBodyResumedAfterItsUpstreamPaused_isStillPaced() async throws {
            let upstream = try await PythonUpstream.start()
            defer { upstream.stop() }
            let proxy = try await MockServer.start(upstream: upstream.url)
            try proxy.setLink(LinkProfile(bandwidth: .kilobytesPerSecond(100)))
            let port = proxy.port
            let (body, seconds) = try await Self.timedGet("/pause-body?size=60000&first=10000&pause=0.4", port: port)
            #expect(body == PythonUpstream.pattern(60_000))
            // 50,000 bytes after the pause need 0.5 s at the cap, whatever credit the wait kept.
            #expect(seconds >= 0.88, "the body went unpaced after its upstream's pause")
            #expect(seconds < 10)
            await proxy.close()
        }
    }
}

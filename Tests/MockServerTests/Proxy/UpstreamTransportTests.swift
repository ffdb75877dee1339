import Foundation
@testable import MockServer
import NetworkCore
import TestSupport
import Testing

extension LiveProxyTests {
    /// The seam `lab` puts TLS into: ``MockServer/Upstream/transport`` opens each new upstream
    /// connection as a layer on its socket, under the same forwarder, pool and parser.
    @Suite struct UpstreamTransportTests {
        /// The socket as it is, counting what crosses it: a stand-in for TLS.
        final class CountingTransport: UpstreamTransport {
            let socket: AsyncSocket
            let counts: Lock<(read: Int, written: Int)>

            init(_ socket: AsyncSocket, counts: Lock<(read: Int, written: Int)>) {
                self.socket = socket
                self.counts = counts
            }

            func read(upTo count: Int, deadline: Instant?) async throws(UpstreamTransportError) -> [UInt8] {
                do {
                    let bytes = try await socket.read(upTo: count, deadline: deadline)
                    counts.withLock { $0.read += bytes.count }
                    return bytes
                } catch { throw .io(error) }
            }

            func write(_ bytes: [UInt8], deadline: Instant?) async throws(UpstreamTransportError) {
                do { try await socket.write(bytes, deadline: deadline) } catch { throw .io(error) }
                counts.withLock { $0.written += bytes.count }
            }

            func close() { socket.close() }

            var isStale: Bool { !socket.isOpenAndIdle }
        }

        @Test func aTransport_carriesEveryUpstreamConnection_andTheKeepAlivePoolReusesThem() async throws {
            let upstream = try await PythonUpstream.start()
            defer { upstream.stop() }
            let opened = Lock(0)
            let counts = Lock((read: 0, written: 0))
            var configuration = MockServer.Configuration()
            configuration.upstream = MockServer.Upstream(url: URL(string: "https://127.0.0.1:\(upstream.port)")!)
            configuration.upstream?.transport = { socket, _ in
                opened.withLock { $0 += 1 }
                return CountingTransport(socket, counts: counts)
            }
            let proxy = try await MockServer.start(configuration)
            let first = try await proxy.get("/binary?size=100000")
            let second = try await proxy.get("/json")
            #expect(first.status == 200 && first.body == PythonUpstream.pattern(100_000))
            #expect(second.status == 200)
            #expect(opened.withLock { $0 } == 1, "one upstream connection, reused")
            let (read, written) = counts.withLock { $0 }
            #expect(read > 100_000, "the response came through the transport")
            #expect(written > 0)
            await proxy.close()
        }

        @Test func aTransportThatFailsToOpen_givesA502_sayingWhy() async throws {
            let upstream = try await PythonUpstream.start()
            defer { upstream.stop() }
            var configuration = MockServer.Configuration()
            configuration.upstream = MockServer.Upstream(url: URL(string: "https://127.0.0.1:\(upstream.port)")!)
            configuration.upstream?.transport = { _, _ throws(UpstreamTransportError) in throw .tls("certificate verify failed: self-signed certificate") }
            let proxy = try await MockServer.start(configuration)
            let response = try await proxy.get("/json")
            #expect(response.status == 502)
            #expect(response.text.contains("the TLS handshake with the upstream 127.0.0.1:\(upstream.port) failed: certificate verify failed: self-signed certificate"),
                    "\(response.text)")
            await proxy.close()
        }

        @Test func anHTTPSUpstream_withoutATransport_isRefused() async throws {
            await #expect(throws: MockServerError.self) {
                _ = try await MockServer.start(upstream: URL(string: "https://127.0.0.1:9")!)
            }
        }
    }
}

import Foundation
@testable import MockServer
import NetworkCore
import TestSupport
import Testing

extension LiveProxyTests {
    /// A proxied Content-Length body over plain TCP is read from the upstream's socket on the
    /// server's loop and sent on from one buffer (``UpstreamSocketBody``), and still meets the
    /// link and the faults like any other body. The upstream is Python's `http.server`; the
    /// clients curl and raw sockets.
    @Suite struct UpstreamSocketBodyTests {
        static let size = 16 * 1024 * 1024

        @Test func anUnshapedBody_goesStraightFromSocketToSocket_byteIdentical_andItsConnectionReused() async throws {
            let upstream = try await PythonUpstream.start()
            defer { upstream.stop() }
            let proxy = try await MockServer.start(upstream: upstream.url)
            let before = try await Curl.run(proxy.url("/peer"))
            let binary = try await Curl.run(proxy.url("/binary?size=\(Self.size)"))
            #expect(binary.body == PythonUpstream.pattern(Self.size))
            // All but what came in with the response head (one read of at most 256 KiB).
            #expect(proxy.directBodyBytes >= Int64(Self.size - 256 * 1024), "\(proxy.directBodyBytes)")
            // The body was read to its end: the pooled connection carried on.
            let after = try await Curl.run(proxy.url("/peer"))
            #expect(after.body == before.body)
            await proxy.close()
        }

        @Test func aLinkSetMidBody_reachesTheBodyInFlight_whichIsPacedFromThere() async throws {
            let upstream = try await PythonUpstream.start()
            defer { upstream.stop() }
            let proxy = try await MockServer.start(upstream: upstream.url)
            let port = proxy.port
            let (received, pacedFor) = try await blocking { () throws -> ([UInt8], Double) in
                let client = try RawTCPClient(port: port, receiveBuffer: 64 * 1024)
                try client.send(Array("GET /binary?size=\(Self.size) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
                let start = client.receive(limit: 2 * 1024 * 1024, silence: 10).bytes
                try proxy.setLink(LinkProfile(bandwidth: .bytesPerSecond(8_000_000)))
                let began = Date()
                let rest = client.receive(silence: 10)
                #expect(rest.ending == .fin)
                return (start + rest.bytes, Date().timeIntervalSince(began))
            }
            let head = try #require(received.firstRange(of: Array("\r\n\r\n".utf8)))
            #expect(Array(received[head.upperBound...]) == PythonUpstream.pattern(Self.size))
            // 14 MiB were left at the change, at 8 MB/s 1.8 s. The proxy's send buffer (4 MiB at
            // most) and the client's (fixed at 128 KiB: left to grow, it took in up to 14 MiB)
            // may hold bytes that left before it: at least 1.2 s. Unpaced, the rest takes
            // milliseconds.
            #expect(pacedFor > 0.75, "the rest took \(pacedFor) s")
            // Pacing only says how many bytes may go: they still go straight from the socket.
            #expect(proxy.directBodyBytes > Int64(Self.size / 2))
            await proxy.close()
        }

        @Test func aCorruptFault_takesTheBodyThroughTheStages_andFlipsItsBytes() async throws {
            let upstream = try await PythonUpstream.start()
            defer { upstream.stop() }
            let proxy = try await MockServer.start(upstream: upstream.url)
            try proxy.setFaults([FaultRule(.corrupt(count: 5))])
            let response = try await Curl.run(proxy.url("/binary?size=\(Self.size)"))
            let expected = PythonUpstream.pattern(Self.size)
            #expect(response.body.count == expected.count)
            #expect(response.body.differingBytes(from: expected) == 5)
            #expect(proxy.directBodyBytes == 0)
            await proxy.close()
        }

        @Test func anUpstreamThatBreaksOffTheBody_cutsTheClientsResponse_andTheJournalSaysWhy() async throws {
            let upstream = try await PythonUpstream.start()
            defer { upstream.stop() }
            let proxy = try await MockServer.start(upstream: upstream.url)
            // 5,000 of 100,000 announced bytes come with the head; the rest would be read from
            // the socket, but the upstream closes.
            let sized = try await Curl.run(proxy.url("/broken-length"))
            #expect(sized.exitCode == 18, "\(sized.stderr)")
            #expect(sized.body == PythonUpstream.pattern(5000))
            await proxy.settled()
            let entry = try await proxy.entry("/broken-length")
            #expect(entry.outcome == .aborted)
            #expect(entry.error?.contains("broke off its response body: it closed the connection before the body was complete") == true,
                    "\(entry.error ?? "")")
            #expect(try await proxy.get("/json").status == 200)
            await proxy.close()
        }
    }
}

import Foundation
import Testing
import TestSupport
import NetworkCore
@testable import MockServer

/// The pass-through path of ``TCPProxy`` (bytes no link or fault needs to see go straight from
/// the read buffer to the destination) against Python's socket servers and raw-socket
/// clients: every byte and ending arrives as sent, and a link change or fault reaches an open
/// connection and lets it go back when removed.
@Suite(.serialized) struct TCPProxyPassThroughTests {
    private func proxy(_ upstream: TCPPeer, link: LinkProfile = .unlimited) async throws -> TCPProxy {
        var configuration = TCPProxy.Configuration()
        configuration.link = link
        return try await TCPProxy.start(upstream: upstream.address, configuration)
    }

    @Test func aLargeTransferArrivesByteIdentical() async throws {
        let size = 16_000_000
        let upstream = try await TCPPeer.python(.send(size))
        let proxy = try await proxy(upstream)
        let port = proxy.port
        let (bytes, ending) = try await blocking { () -> ([UInt8], RawTCPClient.Ending) in
            try RawTCPClient(port: port).receive(silence: 10)
        }
        #expect(bytes.count == size)
        #expect(bytes == TCPPeer.pattern(size))
        #expect(ending == .fin)
        try await waitUntil { proxy.journal.entries.count == 1 }
        #expect(proxy.journal.entries.first?.bytesDownstream == Int64(size))
        await proxy.close()
    }

    @Test func aHalfCloseReachesTheUpstreamAfterEveryByteAndTheEchoComesBackWhole() async throws {
        let upstream = try await TCPPeer.python(.echo)
        let proxy = try await proxy(upstream)
        let port = proxy.port
        let message = TCPPeer.pattern(5_000_000)
        let client = try await blocking { try RawTCPClient(port: port) }
        // The echo server answers while it reads: read on another thread, or both stall.
        async let received = blocking { client.receive(silence: 10) }
        try await blocking {
            try client.send(message)
            client.shutdownWrite()
        }
        let (echoed, ending) = try await received
        // The echo server closes after the FIN it reads past the last byte: both arrived, in order.
        #expect(echoed == message)
        #expect(ending == .fin)
        await proxy.close()
    }

    @Test func aClientResetEndsTheConnectionWithAResetAndTheProxyKeepsServing() async throws {
        let size = 20_000_000
        let upstream = try await TCPPeer.python(.send(size))
        let proxy = try await proxy(upstream)
        let port = proxy.port
        try await blocking {
            let client = try RawTCPClient(port: port)
            _ = client.receive(limit: 1_000_000, silence: 10)
            client.reset()
        }
        try await waitUntil { proxy.journal.entries.count == 1 }
        #expect(proxy.journal.entries[0].ending == "reset by client")
        #expect(proxy.journal.entries[0].bytesDownstream < Int64(size))
        // The next connection still goes through whole.
        let (bytes, ending) = try await blocking { try RawTCPClient(port: port).receive(silence: 10) }
        #expect(bytes == TCPPeer.pattern(size))
        #expect(ending == .fin)
        await proxy.close()
    }

    @Test func bytesSentBeforeTheUpstreamIsConnected_arriveWhole() async throws {
        let upstream = try await TCPPeer.python(.echo)
        // The client's request is in the proxy's kernel buffer 300 ms before the upstream is.
        let proxy = try await proxy(upstream, link: LinkProfile(connectLatency: .milliseconds(300)))
        let port = proxy.port
        let message = TCPPeer.pattern(200_000)
        let echoed = try await blocking { () -> [UInt8] in
            let client = try RawTCPClient(port: port)
            try client.send(message)
            return client.receive(limit: message.count, silence: 10).0
        }
        #expect(echoed == message)
        await proxy.close()
    }

    @Test func aLinkChangeReachesAnOpenConnection_andItsRemovalLetsTheBytesThroughAgain() async throws {
        let upstream = try await TCPPeer.python(.echo)
        let proxy = try await proxy(upstream)
        let port = proxy.port
        let client = try await blocking { try RawTCPClient(port: port) }
        let message = TCPPeer.pattern(200_000)
        @Sendable func roundTrip() throws -> ([UInt8], Double) {
            let start = Date()
            try client.send(message)
            let (bytes, _) = client.receive(limit: message.count, silence: 10)
            return (bytes, Date().timeIntervalSince(start))
        }
        let straight = try await blocking { try roundTrip() }
        #expect(straight.0 == message)

        try proxy.setLink(LinkProfile(latency: .milliseconds(200)))
        await proxy.settled()
        let delayed = try await blocking { try roundTrip() }
        #expect(delayed.0 == message)
        #expect(delayed.1 >= 0.18, "the latency reached the open connection")

        try proxy.setLink(.unlimited)
        await proxy.settled()
        let again = try await blocking { try roundTrip() }
        #expect(again.0 == message)
        // Ten times the straight round trip at most (a loaded machine), well under the latency.
        #expect(again.1 < max(0.15, 10 * straight.1), "the latency stayed after the link was cleared: \(again.1) s")
        client.close()
        await proxy.close()
    }

    @Test func aFaultSetMidTransferCutsTheStreamAtItsOffset() async throws {
        let upstream = try await TCPPeer.python(.echo)
        let proxy = try await proxy(upstream)
        let port = proxy.port
        let client = try await blocking { try RawTCPClient(port: port) }
        let message = TCPPeer.pattern(300_000)
        let before = try await blocking { () -> [UInt8] in
            try client.send(message)
            return client.receive(limit: message.count, silence: 10).bytes
        }
        #expect(before == message)
        try proxy.setFaults([FaultRule(.truncateAfter(bytes: 1_000))])
        await proxy.settled()
        let (after, ending) = try await blocking { () -> ([UInt8], RawTCPClient.Ending) in
            try client.send(Array(message[0..<100_000]))
            return client.receive(silence: 10)
        }
        #expect(after == Array(message[0..<1_000]))
        #expect(ending == .fin)
        await proxy.close()
    }
}

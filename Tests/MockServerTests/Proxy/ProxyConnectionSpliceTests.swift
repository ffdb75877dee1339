import Foundation
import Testing
import TestSupport
import NetworkCore
@testable import MockServer

/// The zero-copy path of ``TCPProxy`` (`splice(2)` through a kernel pipe) against Python's
/// socket servers and raw-socket clients: the same bytes and endings as the copying path, and
/// a link change that reaches an open connection switches it from one path to the other.
/// `relayedBytes()` says which path carried the bytes.
@Suite(.serialized) struct ProxyConnectionSpliceTests {
    private func proxy(_ upstream: TCPPeer, link: LinkProfile = .unlimited, splice: Bool = true) async throws -> TCPProxy {
        var configuration = TCPProxy.Configuration()
        configuration.link = link
        configuration.splice = splice
        return try await TCPProxy.start(upstream: upstream.address, configuration)
    }

    @Test func aLargeTransferArrivesByteIdenticalThroughTheKernelPipe() async throws {
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
        let relayed = await proxy.relayedBytes()
        #expect(relayed.spliced == Int64(size))
        #expect(relayed.copied == 0)
        await proxy.close()
    }

    @Test func withSplicingOffTheSameTransferIsCopied() async throws {
        let upstream = try await TCPPeer.python(.send(2_000_000))
        let proxy = try await proxy(upstream, splice: false)
        let port = proxy.port
        let (bytes, ending) = try await blocking { try RawTCPClient(port: port).receive(silence: 10) }
        #expect(bytes == TCPPeer.pattern(2_000_000))
        #expect(ending == .fin)
        let relayed = await proxy.relayedBytes()
        #expect(relayed.spliced == 0)
        #expect(relayed.copied == 2_000_000)
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
        // Bytes the client sent before the upstream connection opened were held, and copied.
        let relayed = await proxy.relayedBytes()
        #expect(relayed.spliced + relayed.copied == 2 * Int64(message.count))
        #expect(relayed.spliced > Int64(message.count))
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

    @Test func bytesSentBeforeTheUpstreamIsConnected_areSplicedToo() async throws {
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
        let relayed = await proxy.relayedBytes()
        #expect(relayed.spliced == 2 * Int64(message.count))
        #expect(relayed.copied == 0)
        await proxy.close()
    }

    @Test func aLinkChangeSwitchesAnOpenConnectionToTheCopyingPathAndBack() async throws {
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
        let spliced = try await blocking { try roundTrip() }
        let first = await proxy.relayedBytes()
        #expect(spliced.0 == message)
        #expect(first.spliced == 2 * Int64(message.count))
        #expect(first.copied == 0)

        try proxy.setLink(LinkProfile(latency: .milliseconds(200)))
        await proxy.settled()
        let delayed = try await blocking { try roundTrip() }
        let second = await proxy.relayedBytes()
        #expect(delayed.0 == message)
        #expect(delayed.1 >= 0.18, "the latency reached the open connection")
        // The link's latency acts on the bytes to the client; the other way stays spliced.
        #expect(second.spliced == first.spliced + Int64(message.count))
        #expect(second.copied == Int64(message.count))

        try proxy.setLink(.unlimited)
        await proxy.settled()
        let again = try await blocking { try roundTrip() }
        let third = await proxy.relayedBytes()
        #expect(again.0 == message)
        #expect(third.spliced == second.spliced + 2 * Int64(message.count))
        #expect(third.copied == second.copied)
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

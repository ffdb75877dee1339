import Foundation
import Testing
import TestSupport
@testable import MockServer

/// `TCPProxy` against real TCP servers the project did not write (Python's socket module,
/// redis-server), with raw-socket clients timing on their own threads. Delays are checked
/// against 90% of their nominal value: the client's clock starts a moment after the proxy's.
@Suite(.serialized) struct TCPProxyTests {
    private func proxy(_ upstream: TCPPeer, link: LinkProfile = .unlimited, faults: FaultPlan = .none, toxics: [Toxic] = [], seed: UInt64 = 0) async throws -> TCPProxy {
        var configuration = TCPProxy.Configuration()
        configuration.link = link
        configuration.faults = faults
        configuration.toxics = toxics
        configuration.seed = seed
        return try await TCPProxy.start(upstream: upstream.address, configuration)
    }

    /// Connects to `proxy`, reads everything, and says how it ended and how long it took.
    private func download(_ proxy: TCPProxy, silence: Double = 2) async throws -> (bytes: [UInt8], ending: RawTCPClient.Ending, seconds: Double) {
        let port = proxy.port
        return try await blocking {
            let start = Date()
            let client = try RawTCPClient(port: port)
            let (bytes, ending) = client.receive(silence: silence)
            return (bytes, ending, Date().timeIntervalSince(start) - (ending == .silence ? silence : 0))
        }
    }

    /// Sends `count` bytes on `client` and reads their echo; the seconds it took. Blocking:
    /// call it inside ``blocking(_:)``.
    private static func timeEcho(_ count: Int, on client: RawTCPClient, silence: Double = 5) throws -> Double {
        let message = TCPPeer.pattern(count)
        let start = Date()
        try client.send(message)
        let (bytes, _) = client.receive(limit: message.count, silence: silence)
        guard bytes == message else { throw TestSetupError("the echo came back altered (\(bytes.count) bytes)") }
        return Date().timeIntervalSince(start)
    }

    /// A byte there and back: the connection is through to the upstream.
    private static func echoOneByte(on client: RawTCPClient) throws {
        try client.send([1])
        guard client.receive(limit: 1, silence: 5).bytes == [1] else { throw TestSetupError("no echo") }
    }

    @Test func echoBytesComeBackIntactWithTheLinkLatencyAdded() async throws {
        let upstream = try await TCPPeer.python(.echo)
        let proxy = try await proxy(upstream, link: LinkProfile(latency: .milliseconds(100)))
        let port = proxy.port
        let (echoed, seconds) = try await blocking {
            let client = try RawTCPClient(port: port)
            let message = TCPPeer.pattern(100_000)
            let start = Date()
            try client.send(message)
            let (bytes, _) = client.receive(limit: message.count, silence: 5)
            return (bytes == message, Date().timeIntervalSince(start))
        }
        #expect(echoed)
        #expect(seconds >= 0.09)
        #expect(seconds < 5)
        await proxy.close()
    }

    @Test(arguments: [
        ("reset", 0, RawTCPClient.Ending.reset),
        ("reset-after:100000", 100_000, .reset),
        ("close", 0, .fin),
        ("truncate-after:100000", 100_000, .fin),
        ("stall-after:100000", 100_000, .silence),
        ("slice:64KiB,10ms", 1_000_000, .fin),
    ])
    func eachFaultHasItsObservableEffect(spec: String, bytes: Int, ending: RawTCPClient.Ending) async throws {
        let upstream = try await TCPPeer.python(.send(1_000_000))
        let proxy = try await proxy(upstream, faults: [FaultRule(try Fault(spec: spec))])
        let result = try await download(proxy, silence: 1)
        #expect(result.bytes.count == bytes, "\(spec)")
        #expect(result.bytes == TCPPeer.pattern(result.bytes.count), "\(spec)")
        #expect(result.ending == ending, "\(spec)")
        if spec.hasPrefix("slice") {
            // 16 pieces of 64 KiB, 10 ms apart.
            #expect(result.seconds >= 0.14)
        }
        await proxy.close()
    }

    @Test func corruptFlipsTheSameBytesOnEveryConnection() async throws {
        let upstream = try await TCPPeer.python(.send(200_000))
        let proxy = try await proxy(upstream, faults: [FaultRule(.corrupt(count: 10))], seed: 4)
        let first = try await download(proxy)
        let second = try await download(proxy)
        let original = TCPPeer.pattern(200_000)
        #expect(first.bytes.count == 200_000)
        #expect(zip(first.bytes, original).filter { $0 != $1 }.count == 10)
        #expect(first.bytes == second.bytes)
        await proxy.close()
    }

    @Test func theSameSeedPicksTheSameConnections() async throws {
        let upstream = try await TCPPeer.python(.send(1_000))
        func resetOrdinals() async throws -> [Int] {
            let proxy = try await proxy(upstream, faults: [FaultRule(.reset, rate: 0.5)], seed: 11)
            var reset: [Int] = []
            for ordinal in 0..<16 where try await download(proxy).ending == .reset { reset.append(ordinal) }
            await proxy.close()
            return reset
        }
        let first = try await resetOrdinals()
        #expect(!first.isEmpty && first.count < 16)
        #expect(try await resetOrdinals() == first)
    }

    /// Backpressure both ways: the upstream sends 64 MB and reads nothing until the client has
    /// taken them; the client sends for 2 s, reading nothing. The proxy holds at most its pipe
    /// and what the destination's send buffer takes, so the client's bytes stop in the kernel
    /// buffers on the way; then the client reads and every byte of the upstream's arrives.
    @Test func aPeerThatStopsReading_holdsTheOtherBack() async throws {
        let size = 64_000_000
        let upstream = try await TCPPeer.python(.send(size))
        let proxy = try await proxy(upstream)
        let port = proxy.port
        let (written, received) = try await blocking { () -> (Int, [UInt8]) in
            let client = try RawTCPClient(port: port)
            let written = client.sendFor(seconds: 2, upTo: 1 << 30)
            client.shutdownWrite()
            return (written, client.receive(silence: 10).bytes)
        }
        // Without backpressure the proxy would take a gigabyte in two seconds. With it, the
        // kernel buffers on the way (four of them, each of a few MiB at most) hold the rest.
        #expect(written < 100 * 1024 * 1024, "the client wrote \(written) bytes")
        #expect(received.count == size)
        #expect(received == TCPPeer.pattern(size))
        await proxy.close()
    }

    @Test func aLinkChangeReachesAnOpenConnection() async throws {
        let upstream = try await TCPPeer.python(.send(2_000_000))
        let proxy = try await proxy(upstream, link: LinkProfile(bandwidth: .kilobytesPerSecond(200)))
        let port = proxy.port
        // At 200 KB/s, 2 MB take 10 s; unshaped after 0.5 s, the rest arrives at once.
        let result = try await blocking { () -> (Int, Double) in
            let client = try RawTCPClient(port: port)
            let start = Date()
            let (early, _) = client.receive(limit: 60_000, silence: 5)
            try proxy.setLink(.unlimited)
            let (rest, _) = client.receive(silence: 5)
            return (early.count + rest.count, Date().timeIntervalSince(start))
        }
        #expect(result.0 == 2_000_000)
        #expect(result.1 < 5)
        await proxy.close()
    }

    @Test func aToxicAddedToAnOpenConnectionTakesEffect() async throws {
        let upstream = try await TCPPeer.python(.echo)
        let proxy = try await proxy(upstream)
        let port = proxy.port
        let client = try await blocking { try RawTCPClient(port: port) }
        @Sendable func roundTrip() throws -> Double {
            let start = Date()
            try client.send([1])
            _ = client.receive(limit: 1, silence: 5)
            return Date().timeIntervalSince(start)
        }
        let before = try await blocking { try roundTrip() }
        try proxy.setToxics([Toxic(name: "slow", stream: .upstream, effect: .latency(.milliseconds(300)))])
        await proxy.settled()
        let after = try await blocking { try roundTrip() }
        #expect(before < 0.3)
        #expect(after >= 0.27)
        await proxy.close()
    }

    @Test func bandwidthCapsEachConnectionAndLinkBandwidthIsShared() async throws {
        let upstream = try await TCPPeer.python(.send(300_000))
        let capped = try await proxy(upstream, toxics: [Toxic(name: "cap", effect: .bandwidth(.kilobytesPerSecond(500)))])
        let one = try await download(capped, silence: 5)
        #expect(one.bytes.count == 300_000)
        #expect(one.seconds >= 0.5)
        await capped.close()

        let shared = try await proxy(upstream, toxics: [Toxic(name: "link", effect: .linkBandwidth(.kilobytesPerSecond(600)))])
        async let a = download(shared, silence: 5)
        async let b = download(shared, silence: 5)
        let (first, second) = try await (a, b)
        // 600 KB over one 600 KB/s link: at least a second for the two together.
        #expect(first.bytes.count == 300_000 && second.bytes.count == 300_000)
        #expect(max(first.seconds, second.seconds) >= 0.9)
        await shared.close()
    }

    /// A connection with nothing to send takes no share of a shared link: nine idle
    /// neighbours leave the tenth the whole 200 KB/s (0.5 s for 100 KB), where counting them
    /// would give it 20 KB/s (5 s).
    @Test func idleConnectionsTakeNoShareOfTheLink() async throws {
        let upstream = try await TCPPeer.python(.echo)
        let proxy = try await proxy(upstream, link: LinkProfile(linkBandwidth: .kilobytesPerSecond(200)))
        let port = proxy.port
        let seconds = try await blocking { () -> Double in
            let idle = try (0..<9).map { _ in try RawTCPClient(port: port) }
            for client in idle { try Self.echoOneByte(on: client) }
            return try Self.timeEcho(100_000, on: try RawTCPClient(port: port), silence: 10)
        }
        #expect(seconds >= 0.45)
        #expect(seconds < 2.5, "the idle connections took shares of the link")
        await proxy.close()
    }

    /// Bytes after a pause pay for themselves: no credit builds up while a capped connection
    /// has nothing to send, so 8,000 bytes at 20 KB/s take 0.4 s even after 0.6 s of silence
    /// under the cap (set on the open connection, so no byte of it was ever paced before).
    @Test func bytesAfterAPauseStillPayTheCap() async throws {
        let upstream = try await TCPPeer.python(.echo)
        let proxy = try await proxy(upstream)
        let port = proxy.port
        let client = try await blocking { () -> RawTCPClient in
            let client = try RawTCPClient(port: port)
            try Self.echoOneByte(on: client)
            return client
        }
        try proxy.setLink(LinkProfile(bandwidth: .kilobytesPerSecond(20)))
        await proxy.settled()
        let seconds = try await blocking { () -> Double in
            Thread.sleep(forTimeInterval: 0.6)
            return try Self.timeEcho(8_000, on: client)
        }
        #expect(seconds >= 0.39, "credit saved up during the pause let the bytes out faster than the cap")
        await proxy.close()
    }

    @Test func resetPeerTimeoutAndSlowCloseToxics() async throws {
        let echo = try await TCPPeer.python(.echo)
        let proxy = try await proxy(echo, toxics: [Toxic(name: "rst", effect: .resetPeer(after: .milliseconds(200)))])
        let port = proxy.port
        let reset = try await blocking { () -> (RawTCPClient.Ending, Double) in
            let client = try RawTCPClient(port: port)
            let start = Date()
            let (_, ending) = client.receive(silence: 5)
            return (ending, Date().timeIntervalSince(start))
        }
        #expect(reset.0 == .reset)
        #expect(reset.1 >= 0.18)

        try proxy.setToxics([Toxic(name: "drop", stream: .upstream, effect: .timeout(.milliseconds(300)))])
        let timeout = try await blocking { () -> ([UInt8], RawTCPClient.Ending, Double) in
            let client = try RawTCPClient(port: port)
            let start = Date()
            try client.send([1, 2, 3])
            let (bytes, ending) = client.receive(silence: 5)
            return (bytes, ending, Date().timeIntervalSince(start))
        }
        #expect(timeout.0.isEmpty, "a timeout toxic drops the bytes")
        #expect(timeout.1 == .fin)
        #expect(timeout.2 >= 0.27)
        await proxy.close()

        let sender = try await TCPPeer.python(.send(10))
        let slow = try await self.proxy(sender, toxics: [Toxic(name: "slow", effect: .slowClose(.milliseconds(300)))])
        let closed = try await download(slow, silence: 5)
        #expect(closed.bytes.count == 10)
        #expect(closed.ending == .fin)
        #expect(closed.seconds >= 0.27)
        await slow.close()
    }

    @Test func limitDataClosesAfterItsBytes() async throws {
        let upstream = try await TCPPeer.python(.send(100_000))
        let proxy = try await proxy(upstream, toxics: [Toxic(name: "limit", effect: .limitData(bytes: 5_000))])
        let result = try await download(proxy)
        #expect(result.bytes == TCPPeer.pattern(5_000))
        #expect(result.ending == .fin)
        await proxy.close()
    }

    @Test func connectLatencyDelaysTheUpstreamConnection() async throws {
        let upstream = try await TCPPeer.python(.send(10))
        let proxy = try await proxy(upstream, link: LinkProfile(connectLatency: .milliseconds(300)))
        let result = try await download(proxy)
        #expect(result.bytes.count == 10)
        #expect(result.seconds >= 0.27)
        await proxy.close()
    }

    @Test func anUnreachableUpstreamClosesTheClientAndIsJournaled() async throws {
        // Port 1 (tcpmux) listens nowhere: the connection is refused.
        let proxy = try await TCPProxy.start(upstream: "127.0.0.1:1")
        let result = try await download(proxy)
        #expect(result.bytes.isEmpty)
        #expect(result.ending != .silence)
        try await waitUntil { proxy.journal.entries.count == 1 }
        #expect(proxy.journal.entries[0].ending.hasPrefix("upstream unreachable"))
        await proxy.close()
    }

    @Test func theJournalCountsBytesEachWayAndTheToxicsThatApplied() async throws {
        let upstream = try await TCPPeer.python(.send(50_000))
        let proxy = try await proxy(upstream, faults: [FaultRule(.truncateAfter(bytes: 20_000))])
        _ = try await download(proxy)
        try await waitUntil { proxy.journal.entries.count == 1 }
        let record = proxy.journal.entries[0]
        #expect(record.ordinal == 0)
        #expect(record.bytesDownstream == 20_000)
        #expect(record.toxics == ["downstream: fault truncate-after:20KB"])
        await proxy.close()
    }

    @Test func httpFaultsAreRefused() async throws {
        let upstream = try await TCPPeer.python(.echo)
        await #expect(throws: ProxyError.self) {
            _ = try await self.proxy(upstream, faults: [FaultRule(.status(503))])
        }
    }

    @Test func redisThroughTheProxyAnswersWithTheAddedLatency() async throws {
        let redis = try await TCPPeer.redis()
        let proxy = try await proxy(redis, link: LinkProfile(latency: .milliseconds(100)))
        let port = proxy.port
        let (output, seconds) = try await blocking { () -> (String, Double) in
            let start = Date()
            let run = try ToolRun(["redis-cli", "-p", "\(port)", "ping"])
            return (String(decoding: run.stdout, as: UTF8.self), Date().timeIntervalSince(start))
        }
        #expect(output.contains("PONG"))
        #expect(seconds >= 0.09)
        await proxy.close()
        redis.stop()
    }
}

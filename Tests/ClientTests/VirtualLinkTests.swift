import Foundation
import NetworkCore
import Testing
@testable import MockServer
@testable import NetworkLabClient
import TestSupport

/// The client's `Download` against the server's exchange machine, endpoints, link and faults
/// on a manual clock (`VirtualLink`): protocol and timing rules checked at exact instants,
/// in microseconds, the same every run. Live tests keep what only sockets show.
@Suite struct VirtualLinkTests {
    /// No jitter, round backoff, no digest (the virtual server computes none).
    static func configuration(retry: RetryPolicy = RetryPolicy(maxAttempts: 4, initialBackoff: .seconds(1), jitter: 0)) -> ClientConfiguration {
        var configuration = ClientConfiguration()
        configuration.retry = retry
        configuration.timeouts = Timeouts(connect: .seconds(5), firstByte: .seconds(30), idle: .milliseconds(300), total: .seconds(600))
        return configuration
    }

    static func payload(_ count: Int, seed: UInt64 = 0) throws -> [UInt8] { try Payload.bytes(seed: seed, count: count) }

    @Test func plainDownload_takesNoVirtualTime_andReusesNothing() throws {
        let server = VirtualServer()
        let run = try VirtualLink(server, configuration: Self.configuration()).download("/bytes/100KB")
        let result = try #require(run.result, "\(String(describing: run.error))")
        #expect(result.attempts == 1 && result.response.status == 200)
        #expect(try run.body == Self.payload(100_000))
        #expect(run.ended == .zero)
        #expect(server.journal.map(\.status) == [200])
    }

    @Test func status503_withRetryAfter_isRetriedExactlyThatLater() throws {
        let server = VirtualServer()
        let run = try VirtualLink(server, configuration: Self.configuration()).download("/bytes/10KB?fault=status:503&fault-first=1&retry-after=3")
        let result = try #require(run.result, "\(String(describing: run.error))")
        #expect(result.attempts == 2)
        // Retry-After replaces the one-second backoff.
        #expect(run.sent == [.zero, .seconds(3)])
        #expect(try run.body == Self.payload(10_000))
        // The client drops a connection that answered an error.
        #expect(server.connections == 2)
        #expect(server.journal.map(\.status) == [503, 200])
        #expect(server.journal.first?.fault == "status:503")
    }

    @Test func serverErrors_areRetriedAfterGeometricBackoff_thenGiveUp() throws {
        let server = VirtualServer()
        let run = try VirtualLink(server, configuration: Self.configuration()).download("/bytes/1KB?fault=status:500")
        #expect(run.error?.status == 500)
        // Backoff 1 s, 2 s, 4 s between the four attempts.
        #expect(run.sent == [.zero, .seconds(1), .seconds(3), .seconds(7)])
        #expect(run.ended == .seconds(7))
        #expect(server.journal.count == 4)
    }

    @Test func truncatedBody_isResumedWithRange_afterTheBackoff_byteExact() throws {
        let server = VirtualServer()
        let run = try VirtualLink(server, configuration: Self.configuration()).download("/bytes/256KiB?fault=truncate-after:100KB&fault-first=1")
        let result = try #require(run.result, "\(String(describing: run.error))")
        #expect(result.resumed && result.attempts == 2 && result.response.status == 206)
        #expect(try run.body == Self.payload(262_144))
        #expect(run.sent == [.zero, .seconds(1)])
        #expect(run.requests.last?.contains("Range: bytes=100000-\r\n") == true)
        #expect(server.journal.map(\.range) == [nil, "bytes=100000-"])
        // The cut closed the first connection.
        #expect(server.connections == 2)
    }

    @Test func stalledBody_timesOutExactlyOneIdleTimeoutAfterItsLastByte_thenResumes() throws {
        let server = VirtualServer()
        let run = try VirtualLink(server, configuration: Self.configuration()).download("/bytes/256KiB?fault=stall-after:100KB&fault-first=1")
        let result = try #require(run.result, "\(String(describing: run.error))")
        #expect(result.resumed && result.attempts == 2)
        #expect(try run.body == Self.payload(262_144))
        // Last byte at 0, idle timeout 300 ms, backoff 1 s.
        #expect(run.sent == [.zero, .milliseconds(1_300)])
        #expect(server.journal.first?.fault == "stall-after:100KB")
        // The stalled exchange is journalled when the client gives up on it.
        #expect(server.journal.first?.duration == .milliseconds(300))
    }

    @Test func stalledBody_withoutRetries_failsWithTheIdleTimeout() throws {
        let server = VirtualServer()
        let run = try VirtualLink(server, configuration: Self.configuration(retry: .none)).download("/bytes/256KiB?fault=stall-after:64KiB")
        #expect(run.error == .timeout(.idle, limit: .milliseconds(300)))
        #expect(run.ended == .milliseconds(300))
    }

    @Test func latencyBeyondTheFirstByteTimeout_failsAtThatTimeout() throws {
        var configuration = Self.configuration(retry: .none)
        configuration.timeouts.firstByte = .seconds(2)
        let run = try VirtualLink(VirtualServer(), configuration: configuration).download("/bytes/1KB?latency=5s")
        #expect(run.error == .timeout(.firstByte, limit: .seconds(2)))
        #expect(run.ended == .seconds(2))
    }

    @Test func latency_delaysTheFirstByteByExactlyThatMuch() throws {
        let run = try VirtualLink(VirtualServer(), configuration: Self.configuration()).download("/bytes/1KB?latency=250ms")
        let result = try #require(run.result)
        #expect(result.timings.timeToFirstByte == .milliseconds(250))
        #expect(run.ended == .milliseconds(250))
    }

    @Test func serversLatency_andConnectLatency_delayTheFirstByte_theLatterOnlyOnAFreshConnection() throws {
        let server = VirtualServer(.init(link: LinkProfile(latency: .milliseconds(50), connectLatency: .milliseconds(150))))
        let link = VirtualLink(server, configuration: Self.configuration())
        let first = try link.download("/bytes/1?first")
        let second = try link.download("/bytes/1?second", start: .seconds(1))
        let fresh = try VirtualLink(server, configuration: Self.configuration()).download("/bytes/1?fresh", start: .seconds(2))
        #expect(first.result?.timings.timeToFirstByte == .milliseconds(200))
        #expect(second.result?.timings.timeToFirstByte == .milliseconds(50))
        #expect(fresh.result?.timings.timeToFirstByte == .milliseconds(200))
        #expect(server.journal.map(\.timeToFirstByte) == [.milliseconds(200), .milliseconds(50), .milliseconds(200)])
        #expect(server.journal.map(\.connection) == [0, 0, 1])
    }

    @Test func queryLatency_overridesTheServers() throws {
        let server = VirtualServer(.init(link: LinkProfile(latency: .milliseconds(150))))
        let run = try VirtualLink(server, configuration: Self.configuration()).download("/bytes/20?latency=300ms")
        #expect(run.result?.timings.timeToFirstByte == .milliseconds(300))
    }

    @Test func serversBandwidth_pacesTheBody_likeTheQuerysCap() throws {
        let server = VirtualServer(.init(link: LinkProfile(bandwidth: .bytesPerSecond(500_000))))
        let run = try VirtualLink(server, configuration: Self.configuration()).download("/bytes/250KB")
        #expect(try run.body == Self.payload(250_000))
        // Half a second at 500 KB/s, less what the first burst sends at once.
        #expect(run.ended <= .milliseconds(500) && run.ended >= .milliseconds(400), "\(run.ended)")
    }

    @Test func linkChange_duringADownload_changesItsRate_fromThatInstant() throws {
        let server = VirtualServer(.init(link: LinkProfile(bandwidth: .bytesPerSecond(200_000))))
        server.setLink(LinkProfile(bandwidth: .bytesPerSecond(1_000_000)), at: server.startedAt + .milliseconds(300))
        let run = try VirtualLink(server, configuration: Self.configuration()).download("/bytes/300KB")
        #expect(try run.body == Self.payload(300_000))
        // The fluid model in two phases: 200 KB/s for 0.3 s, then 1 MB/s for the other 240 KB
        // (the old rate throughout would take 1.5 s); a first burst may go a little sooner.
        let predicted = 0.3 + (300_000 - 200_000 * 0.3) / 1_000_000
        #expect(run.ended.seconds <= predicted + 1e-6 && run.ended.seconds >= 0.9 * predicted, "\(run.ended)")
    }

    @Test func linkChange_beforeAResponseStarts_shapesAllOfIt() throws {
        let server = VirtualServer()
        server.setLink(LinkProfile(bandwidth: .bytesPerSecond(200_000)), at: server.startedAt + .milliseconds(200))
        let run = try VirtualLink(server, configuration: Self.configuration()).download("/bytes/100KB?latency=500ms")
        #expect(try run.body == Self.payload(100_000))
        // Asked before the change, started after it: 0.5 s of latency, then 0.5 s at 200 KB/s.
        #expect(run.result?.timings.timeToFirstByte == .milliseconds(500))
        #expect(run.ended <= .seconds(1) && run.ended >= .milliseconds(950), "\(run.ended)")
    }

    @Test func jitter_isTheSameForTheSameSeedAndRequest_andDiffersAcrossRequests() throws {
        let link = LinkProfile(latency: .milliseconds(150), jitter: .uniform(.milliseconds(100)))
        func delays(seed: UInt64) throws -> [Double] {
            let server = VirtualServer(.init(seed: seed, link: link))
            let client = VirtualLink(server, configuration: Self.configuration())
            var start = Duration.zero
            for _ in 0..<5 { start = try client.download("/bytes/1", start: start).ended }
            return server.journal.map { $0.timeToFirstByte?.seconds ?? -1 }
        }
        let a = try delays(seed: 5)
        #expect(try delays(seed: 5) == a)
        // 150 ms ± 100 ms, the first paying no connect latency (none set).
        #expect(a.allSatisfy { $0 >= 0.05 && $0 <= 0.25 }, "\(a)")
        #expect((a.max()! - a.min()!) > 0.02, "the draws of successive requests differ: \(a)")
        #expect(zip(a, try delays(seed: 6)).contains { abs($0 - $1) > 0.02 }, "another seed draws differently")
    }

    @Test func bandwidthCap_pacesTheBody_toItsRate() throws {
        let run = try VirtualLink(VirtualServer(), configuration: Self.configuration()).download("/bytes/1MB?bandwidth=100KB/s")
        let result = try #require(run.result)
        #expect(try run.body == Self.payload(1_000_000))
        // Ten seconds at 100 KB/s, less what the first burst sends at once.
        #expect(run.ended <= .seconds(10) && run.ended >= .seconds(9), "\(run.ended)")
        #expect(result.timings.timeToFirstByte == .zero)
    }

    @Test func totalTimeout_firesOnASlowDownload_atItsInstant() throws {
        var configuration = Self.configuration(retry: .none)
        configuration.timeouts.total = .milliseconds(300)
        let run = try VirtualLink(VirtualServer(), configuration: configuration).download("/bytes/1MB?bandwidth=500KB/s")
        #expect(run.error == .timeout(.total, limit: .milliseconds(300)))
        #expect(run.ended == .milliseconds(300))
    }

    @Test func keptConnection_isReusedByTheNextDownload() throws {
        let server = VirtualServer()
        let link = VirtualLink(server, configuration: Self.configuration())
        _ = try link.download("/bytes/1KB")
        let second = try link.download("/bytes/2KB", start: .seconds(30))
        #expect(second.result?.bytes == 2_000)
        #expect(server.connections == 1)
        #expect(server.journal.map(\.connection) == [0, 0])
    }

    @Test func keptConnection_closedByTheServersIdleTimeout_isRetriedOnAFreshOne_withoutCountingAnAttempt() throws {
        let server = VirtualServer(.init(limits: .init(idleTimeout: .seconds(1))))
        let link = VirtualLink(server, configuration: Self.configuration())
        _ = try link.download("/bytes/1KB")
        let run = try link.download("/bytes/2KB", start: .seconds(2))
        let result = try #require(run.result, "\(String(describing: run.error))")
        #expect(result.attempts == 1)
        // The kept connection reads end of stream at once; the same request goes again at once.
        #expect(run.sent == [.seconds(2), .seconds(2)])
        #expect(server.connections == 2)
        #expect(server.journal.map(\.connection) == [0, 1])
    }

    @Test func reset_isRetriedOnAFreshConnection() throws {
        let server = VirtualServer()
        let run = try VirtualLink(server, configuration: Self.configuration()).download("/bytes/1KB?fault=reset&fault-first=1")
        let result = try #require(run.result, "\(String(describing: run.error))")
        #expect(try run.body == Self.payload(1_000))
        #expect(result.attempts == 2)
        #expect(server.connections == 2)
    }

    @Test func sameSeed_sameRun() throws {
        func once() throws -> ([Duration], [String?]) {
            let server = VirtualServer(.init(seed: 9))
            let run = try VirtualLink(server, configuration: Self.configuration(retry: RetryPolicy(maxAttempts: 8, initialBackoff: .milliseconds(100), jitter: 0.5)))
                .download("/bytes/64KiB?fault=reset-after:10KB&fault-rate=0.5&jitter=50ms&latency=20ms")
            return (run.sent, server.journal.map(\.fault))
        }
        let first = try once()
        #expect(try once() == first)
    }
}

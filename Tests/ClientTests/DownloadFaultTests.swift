import Foundation
import MockServer
import Testing
@testable import NetworkLabClient

/// Every MockServer fault with both clients: the error each gives without retries, and a
/// correct, verified file with them.
///
/// Payloads are small and first-byte timeouts long because the server hashes each payload for
/// its `Repr-Digest` on one queue, which takes a while in debug builds with every test at once.
@Suite struct DownloadFaultTests {
    static let size = 256 * 1024
    static let payload = (try? Payload.bytes(seed: 0, count: size)) ?? []

    /// A fault in a query, and whether an error is the one it should give.
    struct Case: Sendable, CustomStringConvertible {
        var target: String
        var matches: @Sendable (DownloadError) -> Bool
        var description: String { target }
    }

    static let withoutRetries: [Case] = [
        Case(target: "/bytes/256KiB?fault=reset") { $0 == .reset(received: 0) },
        Case(target: "/bytes/256KiB?fault=reset-after:64KiB") { if case .reset(let received) = $0 { received <= 65_536 } else { false } },
        Case(target: "/bytes/256KiB?fault=close") { $0 == .emptyReply },
        Case(target: "/bytes/256KiB?fault=truncate-after:64KiB") { $0 == .truncated(expected: 262_144, received: 65_536) },
        Case(target: "/bytes/256KiB?fault=stall-after:64KiB") { $0 == .timeout(.idle, limit: .milliseconds(300)) },
        Case(target: "/bytes/256KiB?fault=malformed") { if case .malformedResponse = $0 { true } else { false } },
        Case(target: "/bytes/256KiB?fault=corrupt:4") { if case .digestMismatch = $0 { true } else { false } },
        Case(target: "/bytes/256KiB?fault=status:503") { $0.status == 503 },
        Case(target: "/status/404") { $0.status == 404 },
    ]

    static func configuration(retry: RetryPolicy) -> ClientConfiguration {
        var configuration = ClientConfiguration()
        configuration.retry = retry
        configuration.requestDigest = true
        configuration.timeouts = Timeouts(connect: .seconds(5), firstByte: .seconds(30), idle: .milliseconds(300), total: .seconds(60))
        return configuration
    }

    @Test(arguments: ClientKind.allCases, withoutRetries)
    func fault_withoutRetries_failsWithItsError_andLeavesNoDestination(_ kind: ClientKind, _ fault: Case) async throws {
        let server = try await MockServer.start()
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let destination = folder.appendingPathComponent("payload.bin")
        let outcome = await kind.download(server.url(fault.target), configuration: Self.configuration(retry: .none), to: .file(destination))
        await server.close()
        let error = try #require(outcome.failure)
        #expect(fault.matches(error), "\(error)")
        #expect(!FileManager.default.fileExists(atPath: destination.path))
        if case .digestMismatch = error {
            #expect(!FileManager.default.fileExists(atPath: destination.path + ".part"))
        }
    }

    static let withRetries = [
        "fault=reset-after:100KB&fault-first=2", "fault=truncate-after:100KB", "fault=stall-after:100KB&fault-first=2",
        "fault=status:503&fault-first=2", "fault=reset&fault-first=2", "fault=close&fault-first=2",
    ]

    @Test(arguments: ClientKind.allCases, withRetries)
    func fault_withRetries_endsInACorrectVerifiedFile(_ kind: ClientKind, _ fault: String) async throws {
        let server = try await MockServer.start()
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let destination = folder.appendingPathComponent("payload.bin")
        let retry = RetryPolicy(maxAttempts: 6, initialBackoff: .milliseconds(5), maxBackoff: .milliseconds(50))
        let outcome = await kind.download(server.url("/bytes/256KiB?\(fault)"), configuration: Self.configuration(retry: retry), to: .file(destination))
        await server.close()
        let result = try outcome.get()
        #expect(result.digestVerified && result.attempts >= 2 && result.bytes == Int64(Self.size))
        #expect(try Data(contentsOf: destination) == Data(Self.payload))
        #expect(!FileManager.default.fileExists(atPath: destination.path + ".part"))
        if fault.contains("-after:") {
            #expect(result.resumed)
            let ranges = await server.entries(count: result.attempts).compactMap(\.range)
            #expect(ranges.count == result.attempts - 1 && ranges.allSatisfy { $0.hasPrefix("bytes=") && $0.hasSuffix("-") })
        }
    }

    @Test(arguments: ClientKind.allCases)
    func laterCall_resumesFromThePartFileAnEarlierOneLeft(_ kind: ClientKind) async throws {
        let server = try await MockServer.start()
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let destination = folder.appendingPathComponent("payload.bin")
        let configuration = Self.configuration(retry: .none)
        let first = await kind.download(server.url("/bytes/256KiB?fault=truncate-after:100KB"), configuration: configuration, to: .file(destination))
        #expect(first.failure == .truncated(expected: 262_144, received: 100_000))
        #expect(FileManager.default.fileExists(atPath: destination.path + ".part"))
        let second = await kind.download(server.url("/bytes/256KiB"), configuration: configuration, to: .file(destination))
        await server.close()
        let result = try second.get()
        #expect(result.resumed && result.digestVerified && result.response.status == 206)
        #expect(try Data(contentsOf: destination) == Data(Self.payload))
        #expect(await server.entries(count: 2).map(\.range) == [nil, "bytes=100000-"])
    }

    @Test(arguments: ClientKind.allCases)
    func changedResource_isDownloadedAgainFromZero_neverStitched(_ kind: ClientKind) async throws {
        let server = try await MockServer.start()
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let destination = folder.appendingPathComponent("payload.bin")
        let configuration = Self.configuration(retry: .none)
        _ = await kind.download(server.url("/bytes/256KiB?seed=1&fault=truncate-after:100KB"), configuration: configuration, to: .file(destination))
        let outcome = await kind.download(server.url("/bytes/256KiB?seed=2"), configuration: configuration, to: .file(destination))
        await server.close()
        let result = try outcome.get()
        #expect(!result.resumed && result.response.status == 200)
        #expect(try Data(contentsOf: destination) == Data(try Payload.bytes(seed: 2, count: Self.size)))
        #expect(await server.entries(count: 2).last?.range == "bytes=100000-")
    }

    @Test func randomFaults_withRetries_leaveEveryDownloadOfABatchCorrect() async throws {
        let server = try await MockServer.start()
        let urls = Array(repeating: server.url("/bytes/64KiB?fault=reset&fault-rate=0.5"), count: 10)
        let retry = RetryPolicy(maxAttempts: 10, initialBackoff: .milliseconds(2), maxBackoff: .milliseconds(20))
        let batch = await LabClient(configuration: Self.configuration(retry: retry)).downloadAll(urls, concurrency: 4)
        await server.close()
        let results = try batch.results.map { try $0.get() }
        #expect(try results.allSatisfy { try $0.body == Payload.bytes(seed: 0, count: 65_536) && $0.digestVerified })
        // A reset before any byte on a kept-alive connection looks like a stale connection,
        // which is retried without counting an attempt: resets may outnumber retries.
        let retries = results.map(\.attempts).reduce(0, +) - 10
        #expect(retries > 0 && (server.journal.faultCounts["reset"] ?? 0) >= retries)
    }
}

import NetworkLabClient
import Foundation
import MockServer
import NetworkCore
import TestSupport
import Testing

/// Faults survived, nothing lost: 100 files of 1 MiB through a server where 30% of requests
/// fail (a reset, a truncation or a stall part-way, or a 503), with each client, 8 at a time.
/// Every file must end byte-exact with no `.part` left over, and the server's journal must show
/// that the faults fired and that the clients resumed with `Range` instead of starting over.
@Suite struct FaultSurvivalTests {
    static let files = 100
    static let size = 1 << 20

    /// Four rules tried in order, each firing on 7.5% of all requests (a rule's rate is its
    /// share of the requests the rules before it left): 30% in all, drawn from the seed.
    static let faults = FaultPlan([
        Fault.resetAfter(bytes: 300_000).rate(0.075),
        Fault.truncateAfter(bytes: 500_000).rate(0.075 / 0.925),
        Fault.stallAfter(bytes: 700_000).rate(0.075 / 0.85),
        Fault.status(503).rate(0.075 / 0.775),
    ])

    /// Short timeouts so that a stall is noticed in half a second, quick retries, and attempts
    /// enough that ten faults in a row on one file (0.3^10) never happen.
    static let configuration = ClientConfiguration(
        timeouts: Timeouts(connect: .seconds(5), firstByte: .seconds(5), idle: .milliseconds(500)),
        retry: RetryPolicy(maxAttempts: 10, initialBackoff: .milliseconds(10), maxBackoff: .milliseconds(100)),
        seed: 7
    )

    enum Kind: String, CaseIterable, Sendable { case async, blocking }

    @Test func hundredFilesThroughThirtyPercentFaults_allArriveByteExact_resumingWithRange() async throws {
        try await IsolatedTest.run("FaultSurvivalTests/downloadsInThisProcess", timeout: 240)
    }

    /// In a child process (``IsolatedTest``): 200 MiB through the shared event loop would slow
    /// every other test's server.
    @Test(.enabled(if: IsolatedTest.isChild), arguments: Kind.allCases)
    func downloadsInThisProcess(client kind: Kind) async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try await withMockServer(.init(seed: 42, faults: Self.faults)) { server in
            let urls = (0..<Self.files).map { server.url("/bytes/1MiB?seed=\($0)") }
            let path = folder.path
            let destination: @Sendable (Int, URL) -> DownloadDestination = { index, _ in
                .file(URL(fileURLWithPath: "\(path)/file-\(index).bin"))
            }
            let batch: DownloadBatch
            switch kind {
            case .async:
                batch = await LabClient(configuration: Self.configuration).downloadAll(urls, concurrency: 8, to: destination)
            case .blocking:
                batch = try await blocking {
                    BlockingLabClient(configuration: Self.configuration).downloadAll(urls, concurrency: 8, to: destination)
                }
            }
            let failures = batch.results.enumerated().compactMap { index, result in
                if case .failure(let error) = result { "file \(index): \(error)" } else { nil }
            }
            #expect(failures.isEmpty, "\(failures)")

            // Every file byte-exact, nothing else in the folder.
            for index in 0..<Self.files {
                let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(path)/file-\(index).bin")))
                #expect(try bytes == Payload.bytes(seed: UInt64(index), count: Self.size), "file \(index)")
            }
            let names = try FileManager.default.contentsOfDirectory(atPath: path)
            #expect(Set(names) == Set((0..<Self.files).map { "file-\($0).bin" }), "left over: \(names.filter { $0.hasSuffix(".part") })")

            // The faults fired, and a download cut part-way resumed with Range.
            await server.settled()
            let counts = server.journal.faultCounts
            for kind in ["reset-after", "truncate-after", "stall-after", "status"] {
                #expect(counts[kind, default: 0] > 0, "\(kind) never fired: \(counts)")
            }
            let entries = server.journal.entries
            let cut = Set(["reset-after", "truncate-after", "stall-after"])
            var resumed = 0
            for (_, requests) in Dictionary(grouping: entries, by: { $0.query ?? "" }) {
                for (earlier, later) in zip(requests, requests.dropFirst()) {
                    guard let fault = earlier.fault?.split(separator: ":").first, cut.contains(String(fault)) else { continue }
                    #expect(later.range?.hasPrefix("bytes=") == true, "after \(earlier.fault!) on \(earlier.query ?? ""): \(later.range ?? "no Range")")
                    resumed += 1
                }
            }
            #expect(resumed > 0)
            #expect(entries.filter { $0.range != nil }.allSatisfy { $0.status == 206 || $0.status == 503 })
            print("\(kind): \(entries.count) requests for \(Self.files) files; faults \(counts); \(resumed) resumes; \(batch.wallTime)")
        }
    }
}

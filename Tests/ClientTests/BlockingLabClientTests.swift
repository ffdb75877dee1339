import NetworkCore
import Foundation
import MockServer
import Testing
@testable import NetworkLabClient
import TestSupport

@Suite struct BlockingLabClientTests {
    @Test func downloadAll_sequentially_reusesOneConnection_inInputOrder() async throws {
        try await withMockServer { server in
            let urls = (1...4).map { server.url("/bytes/\($0 * 10)KB") }
            let batch = try await blocking { BlockingLabClient().downloadAll(urls) }
            let sizes = try batch.results.map { try $0.get().bytes }
            #expect(sizes == [10_000, 20_000, 30_000, 40_000])
            #expect(await server.entries(count: 4).map(\.connection) == [0, 0, 0, 0])
        }
    }

    @Test func downloadAll_onKThreads_keepsInputOrder_withAtMostKConnections() async throws {
        try await withMockServer { server in
            let urls = (1...9).map { server.url("/bytes/\($0 * 10)KB?latency=20ms") }
            let finals = Lock<Set<Int>>([])
            let batch = try await blocking {
                BlockingLabClient().downloadAll(urls, concurrency: 3, progress: { index, progress in
                    if progress.isComplete { finals.withLock { _ = $0.insert(index) } }
                })
            }
            let sizes = try batch.results.map { try $0.get().bytes }
            let expected: [Int64] = (1...9).map { (index: Int) -> Int64 in Int64(index) * 10_000 }
            #expect(sizes == expected)
            #expect(finals.withLock { $0 } == Set(0..<9))
            #expect(Set(await server.entries(count: 9).map(\.connection)).count <= 3)
        }
    }

    @Test func downloadAll_reportsEachFailureInItsPlace() async throws {
        try await withMockServer { server in
            let urls = [server.url("/bytes/1KB"), server.url("/status/500"), URL(string: "https://127.0.0.1/")!]
            let client = BlockingLabClient(configuration: ClientConfiguration(retry: .none))
            let batch = try await blocking { client.downloadAll(urls, concurrency: 3) }
            #expect(batch.succeeded == 1)
            #expect(batch.results[1].failure?.status == 500)
            #expect(batch.results[2].failure == .unsupportedScheme("https"))
        }
    }
}

import Foundation
import MockServer
import NetworkLabClient
import Testing

@Suite struct BlockingLabClientThreadTests {
    @Test func onOwnThread_runsTheBlockingClient_offTheCooperativePool() async throws {
        try await withMockServer { server in
            let url = server.url("/bytes/100KB")
            let client = BlockingLabClient()
            let (result, isMainOrPool) = try await client.onOwnThread { client in
                // A thread started for the call: not the main thread, and named by nobody.
                (try client.download(url), Thread.isMainThread)
            }
            #expect(try result.body == Payload.bytes(seed: 0, count: 100_000) && !isMainOrPool)
        }
    }

    @Test func onOwnThread_passesErrorsThrough() async throws {
        try await withMockServer { server in
            let url = server.url("/status/404")
            await #expect(throws: DownloadError.self) {
                _ = try await BlockingLabClient(configuration: ClientConfiguration(retry: .none)).onOwnThread { try $0.download(url) }
            }
        }
    }
}

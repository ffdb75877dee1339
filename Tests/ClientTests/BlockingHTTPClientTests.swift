import Foundation
import NetworkCore
import Testing
@testable import Client

@Suite struct BlockingHTTPClientTests {
    @Test func download_fromPythonHTTPServer_isByteExact() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = testBytes(3_000_000)
        try Data(bytes).write(to: folder.appendingPathComponent("payload.bin"))
        let server = try await PythonHTTPServer.start(serving: folder)
        defer { server.stop() }
        let client = BlockingHTTPClient()
        let result = try await blockingDownload(client, HTTPRequest(url: server.url("/payload.bin"))).get()
        #expect(result.body == bytes)
        #expect(result.response.status == 200)
        #expect(result.attempts == 1)
    }

    @Test func download_chunkedResponse_isDecoded() async throws {
        let peer = try RawPeer { connection, _ in
            _ = connection.readRequest()
            connection.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n")
            connection.waitForClose()
            connection.close()
        }
        let result = try await blockingDownload(BlockingHTTPClient(), HTTPRequest(url: peer.url("/chunked"))).get()
        #expect(String(decoding: result.body ?? [], as: UTF8.self) == "hello, world")
    }
}

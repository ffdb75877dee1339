import Foundation
import NetworkCore
import Testing
@testable import Client

@Suite struct HTTPClientTests {
    @Test func download_fromPythonHTTPServer_isByteExact() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bytes = testBytes(3_000_000)
        try Data(bytes).write(to: folder.appendingPathComponent("payload.bin"))
        let server = try await PythonHTTPServer.start(serving: folder)
        defer { server.stop() }
        let result = try await HTTPClient().download(server.url("/payload.bin"))
        #expect(result.body == bytes)
        #expect(result.response.status == 200)
    }

    @Test func download_chunkedResponse_isDecoded() async throws {
        let peer = try RawPeer { connection, _ in
            _ = connection.readRequest()
            connection.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\n")
            connection.waitForClose()
            connection.close()
        }
        let result = try await HTTPClient().download(peer.url("/chunked"))
        #expect(String(decoding: result.body ?? [], as: UTF8.self) == "hello, world")
    }
}

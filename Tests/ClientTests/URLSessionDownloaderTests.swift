import Foundation
import MockServer
import TestSupport
import Testing
import URLSessionClient
@testable import NetworkLabClient

@Suite struct URLSessionDownloaderTests {
    @Test func libraries_neverImportFoundationNetworking_soOnlyURLSessionClientPullsInURLSession() throws {
        var findings: [String] = []
        for folder in ["Sources/Client", "Sources/MockServer", "Sources/NetworkCore"] {
            let root = Repository.root.appendingPathComponent(folder).path
            let files = try #require(FileManager.default.enumerator(atPath: root)).compactMap { $0 as? String }
            for file in files where file.hasSuffix(".swift") {
                let text = try TextFile.read(root + "/" + file)
                if text.contains("import FoundationNetworking") {
                    findings.append("\(folder)/\(file)")
                }
            }
        }
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test func memoryAndFileDownloads_areByteExact() async throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withMockServer { server in
            let downloader = URLSessionDownloader()
            let memory = try await downloader.download(server.url("/bytes/1MB"))
            #expect(try memory.body == Payload.bytes(seed: 0, count: 1_000_000) && memory.response.status == 200)
            let destination = folder.appendingPathComponent("out.bin")
            let file = try await downloader.download(server.url("/bytes/500KB?seed=4"), to: .file(destination))
            #expect(file.file == destination)
            #expect(try Data(contentsOf: destination) == Data(try Payload.bytes(seed: 4, count: 500_000)))
            #expect(!FileManager.default.fileExists(atPath: destination.path + ".part"))
        }
    }

    @Test func digest_isVerified_whenRequested() async throws {
        try await withMockServer { server in
            var configuration = ClientConfiguration()
            configuration.requestDigest = true
            let downloader = URLSessionDownloader(configuration: configuration)
            let verified = try await downloader.download(server.url("/bytes/100KB"))
            #expect(verified.digestVerified)
            await #expect(throws: DownloadError.self) { _ = try await downloader.download(server.url("/bytes/100KB?fault=corrupt:3")) }
        }
    }

    @Test func failures_useTheSameErrors() async throws {
        try await withMockServer { server in
            let downloader = URLSessionDownloader()
            await #expect(throws: DownloadError.httpStatus(404, body: "")) { _ = try await downloader.download(server.url("/status/404")) }
            await #expect(throws: DownloadError.truncated(expected: 1_000_000, received: 100_000)) {
                _ = try await downloader.download(server.url("/bytes/1MB?fault=truncate-after:100KB"))
            }
        }
    }

    @Test func downloadAll_keepsInputOrder() async throws {
        try await withMockServer { server in
            let urls = (1...5).map { server.url("/bytes/\($0)KB") }
            let batch = await URLSessionDownloader().downloadAll(urls, concurrency: 2)
            let sizes = try batch.results.map { try $0.get().bytes }
            #expect(sizes == [1000, 2000, 3000, 4000, 5000])
        }
    }
}

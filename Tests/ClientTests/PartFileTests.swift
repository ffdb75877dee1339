import Foundation
import NetworkCore
import Testing
@testable import NetworkLabClient

@Suite struct PartFileTests {
    func write(_ text: String, to file: PartFile, at offset: Int64 = 0) throws {
        try Array(text.utf8).withUnsafeBytes { try file.write($0, at: offset) }
    }

    @Test func commit_renamesThePartFileOntoTheDestination() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let destination = folder.appendingPathComponent("out.bin")
        let (file, prefix) = try PartFile.open(destination: destination, hashPrefix: false)
        #expect(prefix == nil && file.path == destination.path + ".part")
        try write("hello", to: file)
        #expect(!FileManager.default.fileExists(atPath: destination.path))
        try file.commit()
        #expect(try String(contentsOf: destination, encoding: .utf8) == "hello")
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }

    @Test func reopening_resumesFromTheBytesLeft_whenTheirETagWasRecorded() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let destination = folder.appendingPathComponent("out.bin")
        let (first, _) = try PartFile.open(destination: destination, hashPrefix: false)
        try first.begin(BodyStart(restart: false, validator: "\"v1\"", validatorChanged: true, expectedLength: 10))
        try write("01234", to: first)
        first.abandon(discard: false)
        let (second, prefix) = try PartFile.open(destination: destination, hashPrefix: true)
        defer { second.close() }
        #expect(prefix?.length == 5 && prefix?.validator == "\"v1\"")
        #expect(prefix?.digest?.finalize() == SHA256.hash(Array("01234".utf8)))
    }

    @Test func bytesWithoutARecordedETag_areNotTrusted() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let destination = folder.appendingPathComponent("out.bin")
        try Data("stale bytes".utf8).write(to: URL(fileURLWithPath: destination.path + ".part"))
        let (file, prefix) = try PartFile.open(destination: destination, hashPrefix: false)
        defer { file.close() }
        #expect(prefix == nil)
        #expect(try Data(contentsOf: URL(fileURLWithPath: file.path)).isEmpty)
    }

    @Test func abandoningBadBytes_removesThePartFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (file, _) = try PartFile.open(destination: folder.appendingPathComponent("out.bin"), hashPrefix: false)
        try write("bad", to: file)
        file.abandon(discard: true)
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }

    @Test func missingFolder_isAFileError() {
        #expect(throws: DownloadError.self) {
            _ = try PartFile.open(destination: URL(fileURLWithPath: "/nonexistent-folder-\(UUID())/x"), hashPrefix: false)
        }
    }
}

import Foundation
@testable import Lab
import MockServer
import TestSupport
import Testing

@Suite struct HARFileTests {
    static func entry(_ index: Int) -> HAREntry {
        HAREntry(
            started: Date(timeIntervalSince1970: 1_765_000_000 + Double(index)),
            request: HARRequest(method: "GET", url: "http://127.0.0.1:1/n/\(index)", headers: ["Authorization": "Bearer s3cret", "Cookie": "sid=abc"]),
            response: HARResponse(status: 200, headers: ["Set-Cookie": "sid=def; Path=/", "Content-Type": "text/plain"], body: Array("body \(index)".utf8)),
            timings: HARTimings(blocked: 0, connect: 1, send: 0.1, wait: 5, receive: 1)
        )
    }

    @Test func file_isValidHAR_fromCreation_andAfterEveryAppend() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path + "/rec.har"
        let file = try HARFile(path: path)
        for index in 0..<4 {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            #expect(HARFieldCheck.problems(in: data) == [], "after \(index) entries")
            #expect(try HARArchive(json: data, source: path).log.entries.count == index)
            try file.append(Self.entry(index))
        }
        let archive = try HARArchive(json: Data(contentsOf: URL(fileURLWithPath: path)), source: path)
        #expect(archive.log.entries.map(\.request.url) == (0..<4).map { "http://127.0.0.1:1/n/\($0)" })
        #expect(archive.log.entries[2].response.content.text == "body 2")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["rec.har"], "no temporary file is left behind")
    }

    @Test func secrets_stayOutOfTheFile_unlessKept() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let redacted = try HARFile(path: folder.path + "/a.har")
        try redacted.append(Self.entry(0))
        let kept = try HARFile(path: folder.path + "/b.har", keepSecrets: true)
        try kept.append(Self.entry(0))
        let redactedText = try String(contentsOfFile: folder.path + "/a.har", encoding: .utf8)
        let keptText = try String(contentsOfFile: folder.path + "/b.har", encoding: .utf8)
        for secret in ["s3cret", "abc", "def"] {
            #expect(!redactedText.contains(secret))
            #expect(keptText.contains(secret))
        }
        #expect(redactedText.contains(HAREntry.secretMarker))
    }

    @Test func continuing_keepsTheEntriesAlreadyThere() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path + "/rec.har"
        try HARFile(path: path).append(Self.entry(0))
        let continued = try HARFile(path: path, continuing: true)
        try continued.append(Self.entry(1))
        #expect(continued.count == 2)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(HARFieldCheck.problems(in: data) == [])
        #expect(try HARArchive(json: data, source: path).log.entries.count == 2)
    }

    /// A recording replaces nothing it should not: a mistyped path to another file, a FIFO, a
    /// device (`/dev/null`, which the rename would have replaced with a regular file) or a
    /// folder stays as it was; an earlier recording or an empty file is replaced.
    @Test func aRecording_replacesOnlyNothingAnEmptyFileOrAnArchive() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let notes = folder.path + "/notes.txt"
        try Data("my notes\n".utf8).write(to: URL(fileURLWithPath: notes))
        #expect { try HARFile(path: notes) } throws: { "\($0)" == "it holds something other than a HAR archive; record to another path, or remove it first" }
        #expect(try String(contentsOfFile: notes, encoding: .utf8) == "my notes\n")
        #expect { try HARFile(path: notes, continuing: true) } throws: { $0 is HARFile.Refusal }

        let fifo = folder.path + "/fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect { try HARFile(path: fifo) } throws: { "\($0)".hasPrefix("it is not a regular file") }
        #expect { try HARFile(path: "/dev/null") } throws: { "\($0)".hasPrefix("it is not a regular file") }
        #expect { try HARFile(path: folder.path) } throws: { "\($0)" == "it is a folder; give a file's path" }

        let earlier = folder.path + "/earlier.har"
        try HARFile(path: earlier).append(Self.entry(0))
        #expect(try HARFile(path: earlier).count == 0)
        #expect(try HARArchive(json: Data(contentsOf: URL(fileURLWithPath: earlier)), source: earlier).log.entries.isEmpty)
        let empty = folder.path + "/empty.har"
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        _ = try HARFile(path: empty)
        #expect(try HARArchive(json: Data(contentsOf: URL(fileURLWithPath: empty)), source: empty).log.entries.isEmpty)
    }
}

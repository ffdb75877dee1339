import Foundation
@testable import Lab
import TestSupport
import Testing

@Suite struct ResultsFolderTests {
    /// Two runs started in the same second wrote into one folder, the second's files over the
    /// first's.
    @Test func runsInTheSameSecond_getFoldersOfTheirOwn() throws {
        let root = try TemporaryFolder()
        defer { root.remove() }
        let parent = root.path + "/lab-results"
        let date = Date(timeIntervalSince1970: 1_765_000_000)
        let folders = try (0..<3).map { _ in try ResultsFolder.chosen(out: nil, name: "article", date: date, parent: parent) }
        let base = folders[0].path
        #expect(base.hasPrefix(parent + "/article-2025"))
        #expect(folders.map(\.path) == [base, base + "-2", base + "-3"])
        for folder in folders {
            try folder.write([("results.json", Data("{}".utf8))])
            #expect(FileManager.default.fileExists(atPath: folder.path + "/results.json"))
        }
    }

    @Test func out_isTakenAsGiven_itsFilesReplaced() throws {
        let root = try TemporaryFolder()
        defer { root.remove() }
        let folder = try ResultsFolder.chosen(out: root.path, name: "article", date: Date(), parent: root.path + "/unused")
        #expect(folder.path == root.path)
        try folder.write([("results.json", Data("1".utf8))])
        try folder.write([("results.json", Data("2".utf8))])
        #expect(try String(contentsOfFile: root.path + "/results.json", encoding: .utf8) == "2")
        #expect(!FileManager.default.fileExists(atPath: root.path + "/unused"))
    }

    @Test func aParentThatCannotBeMade_isAnOutputError() {
        #expect { try ResultsFolder.chosen(out: nil, name: "article", date: Date(), parent: "/proc/networklab-results") } throws: { error in
            "\(error)".hasPrefix("cannot write results to /proc/networklab-results: ")
        }
    }
}

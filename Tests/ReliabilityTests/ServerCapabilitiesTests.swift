import Foundation
import TestSupport
import Testing

/// What the server's code can do at all, whatever a request says: it starts no process, loads
/// no code, writes and deletes no file, and opens files only read-only, in one place, behind
/// the fixtures path checks. A source audit, so that a change that gives the server such a
/// power has to face the promise in SECURITY.md (and this test) first.
@Suite struct ServerCapabilitiesTests {
    /// The code a request can reach: the server and the shared layer beneath it.
    static let folders = ["Sources/MockServer", "Sources/NetworkCore"]

    /// Calls that start processes, load code, or create, change or remove files.
    static let forbidden = [
        "Process(", "posix_spawn", "openat(", "system(", "popen(", "fork(", "execv", "execl", "dlopen(", "dlsym(",
        "FileManager", "FileHandle", "fopen(", "creat(", "O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC", "O_APPEND",
        "unlink(", "rmdir(", "mkdir(", "rename(", "truncate(", "symlink(", "chmod(", "chown(", "write(to:",
        "Data(contentsOf", "String(contentsOf", "contentsOfFile",
    ]

    @Test func serverCode_neverStartsProcessesOrWritesFiles() throws {
        var findings: [String] = []
        for (file, lineNumber, line) in try Self.codeLines() {
            for call in Self.forbidden where line.contains(call) {
                findings.append("\(file):\(lineNumber): \(call) in \(line.trimmingCharacters(in: .whitespaces))")
            }
        }
        #expect(findings.isEmpty, "\(findings.joined(separator: "\n"))")
    }

    @Test func serverCode_opensFilesOnlyReadOnly_andOnlyForFixtures() throws {
        // open(2) takes a path and flags; a one-argument `open(socket)` is the engine's own method.
        // The one place is ConfinedOpen (its openat2 path is C, in CNetworkLab); only fixtures use it.
        let lines = try Self.codeLines()
        let opens = lines.filter { $0.line.range(of: #"((^|[^A-Za-z_])open|_open_beneath)\([^)]*,"#, options: .regularExpression) != nil }
        #expect(Set(opens.map(\.file)) == ["Sources/NetworkCore/Files/ConfinedOpen.swift"], "\(opens)")
        #expect(opens.count == 4 && opens.allSatisfy { $0.line.contains("O_RDONLY") && $0.line.contains("O_NOFOLLOW") }, "\(opens)")
        let callers = lines.filter { $0.line.contains("ConfinedOpen.") }
        #expect(callers.map(\.file) == ["Sources/MockServer/Bodies/FileBody.swift"], "\(callers)")
    }

    /// Every line of Swift code under ``folders``, comments excluded.
    static func codeLines() throws -> [(file: String, number: Int, line: String)] {
        var lines: [(String, Int, String)] = []
        for folder in folders {
            let root = Repository.root.appendingPathComponent(folder).path
            let files = try #require(FileManager.default.enumerator(atPath: root)).compactMap { $0 as? String }
            for file in files.sorted() where file.hasSuffix(".swift") {
                let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
                for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let code = line.components(separatedBy: "//").first ?? ""
                    if !code.trimmingCharacters(in: .whitespaces).isEmpty { lines.append(("\(folder)/\(file)", index + 1, code)) }
                }
            }
        }
        return lines
    }
}

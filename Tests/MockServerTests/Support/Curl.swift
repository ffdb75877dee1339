import Foundation
import TestSupport

/// What one `curl` run gave: its exit code (the contract a real client sees: 18 partial file,
/// 28 timeout, 52 empty reply, 56 receive failure), the body bytes it wrote, and its messages.
struct CurlResult: Sendable {
    var exitCode: Int32
    /// The body as curl saved it, even when the transfer failed part-way.
    var body: [UInt8]
    /// What `--write-out` printed (the status code, unless the run asked for something else).
    var writeOut: String
    var stderr: String

    /// The status code curl saw (`--write-out %{http_code}`); 0 when no response head came.
    var status: Int { Int(writeOut.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1 }
}

/// Runs the system `curl` against a mock server, off the cooperative pool.
enum Curl {
    /// `curl -sS [arguments] url`, with the body saved to a file and the status printed, and
    /// `stdin` (a file) as its standard input (`-T -` uploads it).
    /// Never goes through a proxy, whatever the environment says: the tests talk to 127.0.0.1 only.
    static func run(_ url: URL, _ arguments: [String] = [], writeOut: String = "%{http_code}", stdin: URL? = nil) async throws -> CurlResult {
        try await blocking {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("curl-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let bodyFile = folder.appendingPathComponent("body")
            let outFile = folder.appendingPathComponent("out")
            let errFile = folder.appendingPathComponent("err")
            try Data().write(to: outFile)
            try Data().write(to: errFile)

            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["curl", "-sS", "--noproxy", "*", "-o", bodyFile.path, "-w", writeOut] + arguments + [url.absoluteString]
            process.standardOutput = try FileHandle(forWritingTo: outFile)
            process.standardError = try FileHandle(forWritingTo: errFile)
            if let stdin { process.standardInput = try FileHandle(forReadingFrom: stdin) }
            try process.runTied()
            process.waitForExit()
            return CurlResult(
                exitCode: process.terminationStatus,
                body: (try? [UInt8](Data(contentsOf: bodyFile))) ?? [],
                writeOut: (try? String(contentsOf: outFile, encoding: .utf8)) ?? "",
                stderr: (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
            )
        }
    }
}

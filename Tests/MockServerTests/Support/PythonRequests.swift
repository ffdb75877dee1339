import Foundation
import TestSupport

/// Python's `requests` library as a client (a third-party client the project did not write):
/// one GET, with the status, the `Content-Type` and the body it saw.
enum PythonRequests {
    struct Result: Sendable {
        var status: Int
        var contentType: String
        var body: [UInt8]
    }

    private static let script = """
        import requests, sys
        r = requests.get(sys.argv[1], timeout=30)
        sys.stdout.buffer.write(b"%d\\n%s\\n" % (r.status_code, r.headers.get("Content-Type", "").encode()))
        sys.stdout.buffer.write(r.content)
        """

    /// Runs a Python script (one that uses `requests`, say) with `arguments`; returns what it
    /// wrote to standard output, or throws when it failed.
    static func run(_ script: String, _ arguments: [String]) async throws -> [UInt8] {
        try await blocking {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", script] + arguments
            process.environment = ProcessInfo.processInfo.environment.merging(["NO_PROXY": "*", "no_proxy": "*"]) { $1 }
            let output = Pipe()
            let errors = Pipe()
            process.standardOutput = output
            process.standardError = errors
            try process.runTied()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitForExit()
            guard process.terminationStatus == 0 else {
                throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "the python script failed: \(message)"])
            }
            return [UInt8](data)
        }
    }

    /// One GET of `url` with `requests`: the status, `Content-Type` and body it saw.
    static func get(_ url: URL) async throws -> Result {
        let bytes = try await run(script, [url.absoluteString])
        let lines = bytes.split(separator: UInt8(ascii: "\n"), maxSplits: 2, omittingEmptySubsequences: false)
        guard lines.count == 3 else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "python requests printed no status and type for \(url)"])
        }
        return Result(
            status: Int(String(decoding: lines[0], as: UTF8.self)) ?? -1,
            contentType: String(decoding: lines[1], as: UTF8.self), body: Array(lines[2])
        )
    }
}

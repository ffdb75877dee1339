import Foundation

/// Python's `requests` library as a client (a third-party client the project did not write):
/// one GET, with the status, the `Content-Type` and the body it saw.
package enum PythonRequests {
    package struct Result: Sendable {
        package var status: Int
        package var contentType: String
        package var body: [UInt8]
    }

    private static let script = """
        import requests, sys
        r = requests.get(sys.argv[1], timeout=30)
        sys.stdout.buffer.write(b"%d\\n%s\\n" % (r.status_code, r.headers.get("Content-Type", "").encode()))
        sys.stdout.buffer.write(r.content)
        """

    /// Runs a Python script (one that uses `requests`, say) with `arguments`; returns what it
    /// wrote to standard output, or throws when it failed.
    package static func run(_ script: String, _ arguments: [String]) async throws -> [UInt8] {
        let run = try await blocking { try ToolRun(["python3", "-c", script] + arguments, environment: ["NO_PROXY": "*", "no_proxy": "*"]) }
        guard run.status == 0 else { throw TestSetupError("the python script failed: \(run.stderr)") }
        return [UInt8](run.stdout)
    }

    /// One GET of `url` with `requests`: the status, `Content-Type` and body it saw.
    package static func get(_ url: URL) async throws -> Result {
        let bytes = try await run(script, [url.absoluteString])
        let lines = bytes.split(separator: UInt8(ascii: "\n"), maxSplits: 2, omittingEmptySubsequences: false)
        guard lines.count == 3 else {
            throw TestSetupError("python requests printed no status and type for \(url)")
        }
        return Result(
            status: Int(String(decoding: lines[0], as: UTF8.self)) ?? -1,
            contentType: String(decoding: lines[1], as: UTF8.self), body: Array(lines[2])
        )
    }
}

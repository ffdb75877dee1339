import Foundation
import TestSupport

/// mitmproxy's `mitmdump` as a reverse proxy in front of an upstream, writing what crossed it
/// to a HAR file when it stops: a recorder the project did not write, whose HAR export
/// `lab serve --replay` must read. `.ci/install-peers` installs it in a virtual environment of
/// its own (``executable``), since its dependencies would change the versions of the system's
/// Python packages.
final class Mitmdump: Sendable {
    /// Where `.ci/install-peers` puts it.
    static let executable = FileManager.default.homeDirectoryForCurrentUser
        .appendingPathComponent(".cache/networklab/mitmproxy/bin/mitmdump").path

    /// The proxy's base URL.
    let url: URL
    private let process: Process

    /// Starts `mitmdump --mode reverse:UPSTREAM` on 127.0.0.1 (a free port), writing the HAR
    /// to `har` when stopped, and returns once it listens.
    init(upstream: URL, har: String) async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.executable) else {
            throw TestSetupError("\(Self.executable) is missing; .ci/install-peers installs it")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // Children of the test process start with its signals blocked: unblocked before the
        // exec, SIGINT stops mitmdump gracefully, and only then does it write the HAR.
        let unblock = "import os, signal, sys; signal.pthread_sigmask(signal.SIG_UNBLOCK, signal.valid_signals()); os.execv(sys.argv[1], sys.argv[1:])"
        process.arguments = ["python3", "-c", unblock, Self.executable, "--mode", "reverse:\(upstream.absoluteString)",
                             "--listen-host", "127.0.0.1", "-p", "0", "--set", "hardump=\(har)"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.runTied()
        self.process = process
        // "[08:29:33.446] reverse proxy to http://... listening at 127.0.0.1:52717."
        let line = try await blocking { () -> String in
            var bytes: [UInt8] = []
            while let byte = try output.fileHandleForReading.read(upToCount: 1)?.first, byte != 10 { bytes.append(byte) }
            return String(decoding: bytes, as: UTF8.self)
        }
        guard let range = line.range(of: "listening at 127.0.0.1:"),
              let port = Int(line[range.upperBound...].prefix { $0.isNumber }) else {
            process.terminate()
            throw TestSetupError("mitmdump did not say where it listens: \"\(line)\"")
        }
        url = URL(string: "http://127.0.0.1:\(port)")!
    }

    /// Stops it with SIGINT and waits until it has written the HAR and exited; its exit status.
    func stop() async throws -> Int32 {
        kill(process.processIdentifier, SIGINT)
        return try await blocking { [process] in
            process.waitForExit()
            return process.terminationStatus
        }
    }

    /// What mitmproxy reads in the HAR file at `har` (`mitmdump -nr`): per exchange, in
    /// order, `method`, `path`, `status`, and each body as it decoded it, in base64
    /// (`requestBody`, `responseBody`).
    static func read(har: String) async throws -> [[String: Any]] {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw TestSetupError("\(executable) is missing; .ci/install-peers installs it")
        }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let addon = folder.path + "/bodies.py"
        try """
            import base64, json
            def response(flow):
                body = lambda message: base64.b64encode(message.content or b"").decode()
                print(json.dumps({"method": flow.request.method, "path": flow.request.path, "status": flow.response.status_code,
                                  "requestBody": body(flow.request), "responseBody": body(flow.response)}), flush=True)
            """.write(toFile: addon, atomically: true, encoding: .utf8)
        let run = try await blocking { try ToolRun([executable, "-q", "-n", "-r", har, "-s", addon]) }
        guard run.status == 0 else { throw TestSetupError("mitmdump -nr \(har) exited \(run.status): \(run.stderr.suffix(2000))") }
        return try run.stdout.split(separator: UInt8(ascii: "\n")).map { line in
            guard let exchange = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else {
                throw TestSetupError("mitmdump's addon printed a line that is not a JSON object")
            }
            return exchange
        }
    }
}

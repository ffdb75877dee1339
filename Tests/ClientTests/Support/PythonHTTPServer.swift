import Foundation
import TestSupport

/// Python's `http.server` (what `python3 -m http.server` runs) serving a temporary folder on
/// a free 127.0.0.1 port: a real third-party HTTP server (HTTP/1.0, no keep-alive, no
/// ranges) to download from.
///
/// The server exits when its standard input closes, which ``stop()`` does and which also
/// happens if the test process dies; it unblocks signals first, since a child of a
/// dispatch thread inherits a mask blocking `SIGTERM`.
final class PythonHTTPServer: Sendable {
    let port: Int
    private let process: Process
    private let input: Pipe

    private static let script = """
        import functools, http.server, signal, sys, threading
        signal.pthread_sigmask(signal.SIG_UNBLOCK, signal.valid_signals())
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print("Serving HTTP on port", server.server_address[1], flush=True)
        sys.stdin.read()
        """

    /// Starts the server on `directory` and returns once it listens.
    static func start(serving directory: URL) async throws -> PythonHTTPServer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, directory.path]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.runTied()
        // Wait for the line naming the port, off the cooperative pool.
        let port = try? await blocking { () -> Int? in
            var text = ""
            while !text.contains("\n") {
                let data = output.fileHandleForReading.availableData
                if data.isEmpty { return nil }
                text += String(decoding: data, as: UTF8.self)
            }
            return text.split(separator: " ").last.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
        let server = PythonHTTPServer(port: port ?? 0, process: process, input: input)
        guard port != nil else {
            server.stop()
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "python3 http.server did not start"])
        }
        return server
    }

    private init(port: Int, process: Process, input: Pipe) {
        self.port = port
        self.process = process
        self.input = input
    }

    func url(_ path: String) -> URL { URL(string: "http://127.0.0.1:\(port)\(path)")! }

    /// Stops the server. It does not wait: `Process.waitUntilExit()` spins a run loop on
    /// Linux, and Foundation reaps the child by itself.
    func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
    }
}

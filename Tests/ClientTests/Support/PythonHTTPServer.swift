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
        let child = try await PythonServerProcess.start(script, arguments: [directory.path], name: "python3 http.server")
        return PythonHTTPServer(port: child.port, process: child.process, input: child.input)
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

import Foundation
import NetworkCore

/// `python3 -m http.server` serving a temporary folder on a free 127.0.0.1 port: a real
/// third-party HTTP server (HTTP/1.0, no keep-alive, no ranges) to download from.
final class PythonHTTPServer: Sendable {
    let port: Int
    let directory: URL
    private let process: Process

    /// Starts the server on `directory` and returns once it listens.
    static func start(serving directory: URL) async throws -> PythonHTTPServer {
        let probe = try Socket.listening(on: SocketAddress(numericHost: "127.0.0.1", port: 0)!)
        let port = try probe.localAddress().port
        probe.close()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u", "-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", directory.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // python prints "Serving HTTP on ..." once it listens; wait for that line off the pool.
        let ready = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            DispatchQueue.global().async {
                var text = ""
                while !text.contains("Serving HTTP") {
                    let data = output.fileHandleForReading.availableData
                    if data.isEmpty { return continuation.resume(returning: false) }
                    text += String(decoding: data, as: UTF8.self)
                }
                continuation.resume(returning: true)
            }
        }
        let server = PythonHTTPServer(port: port, directory: directory, process: process)
        guard ready else {
            server.stop()
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "python3 -m http.server did not start"])
        }
        return server
    }

    private init(port: Int, directory: URL, process: Process) {
        self.port = port
        self.directory = directory
        self.process = process
    }

    func url(_ path: String) -> URL { URL(string: "http://127.0.0.1:\(port)\(path)")! }

    /// Stops the server (SIGTERM). It does not wait: `Process.waitUntilExit()` spins a run
    /// loop on Linux, and Foundation reaps the child by itself.
    func stop() {
        if process.isRunning { process.terminate() }
    }
}

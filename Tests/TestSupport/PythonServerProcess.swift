import Foundation

/// A Python server started from a script as a tied child: the script listens, prints a line
/// whose last word is its port, and runs until its standard input closes. The shape of the
/// tests' Python peers (``PythonUpstream``, the clients' `http.server`).
package struct PythonServerProcess: Sendable {
    /// The port the script printed.
    package let port: Int
    /// The child.
    package let process: Process
    /// Its standard input: closing it ends the script.
    package let input: Pipe

    /// Runs `python3 -c script arguments...` and returns once the script printed its port;
    /// `name` says what failed to start in the error.
    package static func start(_ script: String, arguments: [String], name: String) async throws -> PythonServerProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.runTied()
        // The first line, read off the cooperative pool.
        let line = try await blocking { () -> String in
            var text = ""
            while !text.contains("\n") {
                let data = output.fileHandleForReading.availableData
                if data.isEmpty { break }
                text += String(decoding: data, as: UTF8.self)
            }
            return text
        }
        guard let port = line.split(separator: " ").last.flatMap({ Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }) else {
            try? input.fileHandleForWriting.close()
            if process.isRunning { process.terminate() }
            throw TestSetupError("\(name) did not start")
        }
        return PythonServerProcess(port: port, process: process, input: input)
    }
}

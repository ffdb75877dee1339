import Foundation

/// A program the tests use as a peer or a yardstick (`sha256sum`, `openssl`, a Python script),
/// run to its end: how it exited and what it printed.
///
/// ```swift
/// let run = try await blocking { try ToolRun(["sha256sum", path]) }
/// guard run.status == 0 else { throw TestSetupError("sha256sum failed: \(run.stderr)") }
/// ```
package struct ToolRun: Sendable {
    /// The exit status.
    package var status: Int32
    /// Everything it wrote to standard output.
    package var stdout: Data
    /// Everything it wrote to standard error, as text.
    package var stderr: String

    /// Runs `command` (a program looked up on `PATH`, then its arguments), tied to the test
    /// process (``Foundation/Process/runTied()``), with `input` on its standard input, and
    /// waits for it to end. Standard error goes to a temporary file and the input is written
    /// from a thread of its own, so no full pipe can stall the program or this call. Blocks:
    /// call it inside ``blocking(_:)``.
    package init(_ command: [String], input: Data? = nil, environment: [String: String]? = nil, directory: String? = nil) throws {
        BlockingCallCheck.offThePool("ToolRun")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let errors = FileManager.default.temporaryDirectory.appendingPathComponent("tool-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errors) }
        let output = Pipe()
        let inputPipe = input.map { _ in Pipe() }
        process.standardInput = inputPipe ?? FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.runTied()
        if let input, let writer = inputPipe?.fileHandleForWriting {
            Thread.detachNewThread {
                // A program that exits before reading all of it closes the pipe: the write
                // fails, and SIGPIPE, blocked on this thread, ends with it.
                var pipeSignal = sigset_t()
                sigemptyset(&pipeSignal)
                sigaddset(&pipeSignal, SIGPIPE)
                pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
                try? writer.write(contentsOf: input)
                try? writer.close()
            }
        }
        stdout = output.fileHandleForReading.readDataToEndOfFile()
        process.waitForExit()
        status = process.terminationStatus
        stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
    }
}

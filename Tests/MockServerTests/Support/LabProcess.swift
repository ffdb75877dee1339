import Foundation
#if canImport(Glibc)
import Glibc
#endif
import TestSupport

/// The built `lab` executable run as a child process, as a user runs it from a shell.
final class LabProcess: @unchecked Sendable {
    // Unchecked: `process` and the pipes are only used by the one test that owns this object,
    // one blocking call at a time.

    /// `lab`, built beside the test bundle (`.build/debug/lab`).
    static let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("lab")

    private let process = Process()
    private let stdout = Pipe()
    private let stderr = Pipe()
    private let exited = DispatchSemaphore(value: 0)

    /// Why a `lab` process did not end as a test expected.
    struct DidNotExit: Error, CustomStringConvertible {
        var seconds: Double
        var description: String { "lab did not exit within \(seconds) s; killed it" }
    }

    /// Starts `lab arguments...`.
    init(_ arguments: [String]) throws {
        process.executableURL = Self.executable
        process.arguments = arguments
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        process.terminationHandler = { [exited] _ in exited.signal() }
        try process.run()
    }

    /// The first line the process writes on stdout (without its newline); nil if it exits first.
    func firstLine() async throws -> String? {
        try await blocking { [stdout] in
            var bytes: [UInt8] = []
            while true {
                let data = stdout.fileHandleForReading.availableData
                if data.isEmpty { return nil }
                bytes += data
                if let newline = bytes.firstIndex(of: 0x0A) { return String(decoding: bytes[..<newline], as: UTF8.self) }
            }
        }
    }

    /// Sends SIGTERM.
    func terminate() {
        process.terminate()
    }

    /// Waits for the process to exit; returns its exit status and everything it wrote on stderr.
    /// A process still running after `seconds` is killed (SIGKILL), and this throws
    /// ``DidNotExit``, so that a test fails instead of hanging.
    func exit(within seconds: Double = 10) async throws -> (status: Int32, stderr: String) {
        try await blocking { [process, stderr, exited] in
            if exited.wait(timeout: .now() + seconds) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                throw DidNotExit(seconds: seconds)
            }
            let errors = stderr.fileHandleForReading.readDataToEndOfFile()
            return (process.terminationStatus, String(decoding: errors, as: UTF8.self))
        }
    }

    /// Runs `lab arguments...` to its end; returns its exit status, stdout and stderr.
    static func run(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        let lab = try LabProcess(arguments)
        let output = try await blocking { [stdout = lab.stdout] in stdout.fileHandleForReading.readDataToEndOfFile() }
        let (status, errors) = try await lab.exit()
        return (status, String(decoding: output, as: UTF8.self), errors)
    }
}

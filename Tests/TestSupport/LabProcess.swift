#if canImport(Glibc)
import Glibc
#endif
import Foundation
import NetworkCore

/// The built `lab` executable running as a child process, as a user or a CI script runs it
/// from a shell: in the package root, with what it prints on stdout and stderr going to files.
///
/// Files, not pipes: a pipe that nobody drains fills up and blocks the child, while a file
/// takes any amount and can be read at any time. Every wait happens on a thread of its own
/// (``blocking(_:)``) and has a bound, so a lab that hangs fails its test instead of hanging it.
/// When this object goes away, a lab still running is killed and its files are removed.
///
/// ```swift
/// let lab = try LabProcess(["serve", "--seed", "5"])
/// let url = try await lab.url()
/// // ... talk to the server at url ...
/// lab.terminate()
/// let output = try await lab.exit()
/// #expect(output.status == 0, "\(output.stderr)")
///
/// let usage = try await LabProcess.run(["run", "--count", "0"])
/// #expect(usage.status == 2)
/// ```
package final class LabProcess: Sendable {
    private let process = Process()
    /// Signalled once lab has exited, and kept signalled (see ``hasExited(waiting:)``).
    private let exited = DispatchSemaphore(value: 0)
    /// The folder holding the files lab writes its stdout and stderr to.
    private let folder: URL
    private let stdoutPath: String
    private let stderrPath: String
    /// What ``exit(within:)`` read, kept once the folder is gone.
    private let output = Lock<Output?>(nil)

    /// How long ``firstLine()`` waits for a lab that prints nothing before it kills it.
    private static let silenceLimit = 30.0

    /// Starts `lab ARGUMENTS` in the package root, with `environment` added to this process's
    /// own. A `shellPrefix` (such as `ulimit -n 64 &&`) is run by `/bin/sh`, which then
    /// `exec`s lab, so that ``pid`` is still lab's.
    package init(_ arguments: [String], environment: [String: String] = [:], shellPrefix: String? = nil) throws {
        let lab = try Repository.lab
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("lab-process-\(UUID().uuidString)")
        stdoutPath = folder.appendingPathComponent("stdout").path
        stderrPath = folder.appendingPathComponent("stderr").path
        // From here on every property is set: if this throws, `deinit` removes the folder.
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if let shellPrefix {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "\(shellPrefix) exec \"$0\" \"$@\"", lab] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: lab)
            process.arguments = arguments
        }
        process.currentDirectoryURL = Repository.root
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = try Self.createFile(stdoutPath)
        let errors = try Self.createFile(stderrPath)
        // The child holds its own copies; this process needs none once it has started.
        defer {
            try? output.close()
            try? errors.close()
        }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = errors
        process.terminationHandler = { [exited] _ in exited.signal() }
        try process.runTied()
    }

    deinit {
        // A test that failed half-way leaves no lab running. Pid 0 would mean the process
        // group: only a started lab is killed.
        if process.processIdentifier > 0, !hasExited(waiting: 0) {
            kill(process.processIdentifier, SIGKILL)
        }
        try? FileManager.default.removeItem(at: folder)
    }

    /// Lab's process id, for signals and `/proc/PID/...`.
    package var pid: Int32 {
        process.processIdentifier
    }

    /// The first line lab writes on stdout, without its newline; nil if lab exits without
    /// finishing one. A lab silent for 30 s is killed, and this throws.
    package func firstLine() async throws -> String? {
        try await line(0)
    }

    /// Line `index` (from 0) lab writes on stdout, without its newline; nil if lab exits
    /// before finishing it. A lab silent for 30 s is killed, and this throws.
    package func line(_ index: Int) async throws -> String? {
        try await blocking { [self] in
            let clock = ContinuousClock()
            let deadline = clock.now + .seconds(Self.silenceLimit)
            // Checked before reading: a lab that had exited before the read has written all.
            var exitedBeforeRead = false
            while true {
                let printed = try output.withLock { $0?.stdout } ?? TextFile.read(stdoutPath)
                let lines = printed.split(separator: "\n", omittingEmptySubsequences: false)
                // The last piece is a line still being written (or empty after a final newline).
                if lines.count > index + 1 { return String(lines[index]) }
                if exitedBeforeRead { return nil }
                guard clock.now < deadline else {
                    kill(pid, SIGKILL)
                    _ = hasExited(waiting: nil)
                    throw TestSetupError("lab printed no line within \(Self.silenceLimit) s; killed it: \(stderrSoFar)")
                }
                exitedBeforeRead = hasExited(waiting: 0.01)
            }
        }
    }

    /// The base URL in `lab serve`'s first line (`NetworkLab MockServer on
    /// http://127.0.0.1:PORT (seed ...)`); it always has a port. Throws if lab exits before
    /// printing it, or prints a first line with no such URL.
    package func url() async throws -> URL {
        guard let line = try await firstLine() else {
            throw TestSetupError("lab exited without printing its URL: \(stderrSoFar)")
        }
        guard let match = line.firstMatch(of: /http:\/\/[^ ]+/), let url = URL(string: String(match.output)), url.port != nil else {
            throw TestSetupError("lab's first line holds no URL with a port: \(line)")
        }
        return url
    }

    /// Sends SIGTERM, as `kill PID` or a service manager does; ``exit(within:)`` waits for the end.
    package func terminate() {
        send(SIGTERM)
    }

    /// Sends SIGINT, as Ctrl-C in a terminal does; ``exit(within:)`` waits for the end.
    package func interrupt() {
        send(SIGINT)
    }

    /// Waits for lab to exit and returns its exit status and everything it printed. A lab
    /// still running after `seconds` is killed (SIGKILL), and this throws, so that a test
    /// fails instead of hanging.
    /// Once lab has exited, its files are read and removed: a lab kept until the test process
    /// ends (whose `deinit` never runs) leaves no folder behind.
    package func exit(within seconds: Double = 60) async throws -> Output {
        try await blocking { [self] in
            guard hasExited(waiting: seconds) else {
                kill(pid, SIGKILL)
                _ = hasExited(waiting: nil)
                throw TestSetupError("lab did not exit within \(seconds) s; killed it")
            }
            return try output.withLock { output in
                if let output { return output }
                let read = Output(status: process.terminationStatus, stdout: try TextFile.read(stdoutPath), stderr: try TextFile.read(stderrPath))
                output = read
                try? FileManager.default.removeItem(at: folder)
                return read
            }
        }
    }

    /// Runs `lab ARGUMENTS` to its end, in the package root with `environment` added, and
    /// returns what it printed. `interruptAfter` sends SIGINT that many seconds after the
    /// start, as Ctrl-C does. A lab still running after `seconds` (five minutes unless told: long
    /// enough for `lab bench` on a busy machine) is killed, and this throws.
    package static func run(
        _ arguments: [String], environment: [String: String] = [:], interruptAfter: Double? = nil, within seconds: Double = 300
    ) async throws -> Output {
        let lab = try LabProcess(arguments, environment: environment)
        if let interruptAfter {
            try await Task.sleep(for: .seconds(interruptAfter))
            lab.interrupt()
        }
        return try await lab.exit(within: seconds)
    }

    /// What lab has written to stderr so far, for error messages.
    private var stderrSoFar: String {
        output.withLock { $0?.stderr } ?? (try? TextFile.read(stderrPath)) ?? ""
    }

    /// Sends `signal` to a lab still running (never to whatever process reuses its pid later).
    private func send(_ signal: Int32) {
        if !hasExited(waiting: 0) { kill(pid, signal) }
    }

    /// Whether lab has exited, waiting up to `seconds` (nil: as long as it takes) for it to.
    /// Blocks the calling thread.
    private func hasExited(waiting seconds: Double?) -> Bool {
        if seconds != 0 { BlockingCallCheck.offThePool("waiting for lab to exit") }
        let deadline: DispatchTime = seconds.map { .now() + $0 } ?? .distantFuture
        guard exited.wait(timeout: deadline) == .success else { return false }
        // Signalled again, so that every later wait (and every other waiter) sees the exit too.
        exited.signal()
        return true
    }

    /// An empty file at `path`, open for writing.
    private static func createFile(_ path: String) throws -> FileHandle {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw TestSetupError("cannot create \(path)")
        }
        return handle
    }
}

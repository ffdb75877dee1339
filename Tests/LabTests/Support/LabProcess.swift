import Foundation

/// Runs the built `lab` binary, as a user would, and captures what it printed.
struct LabProcess {
    /// What one run printed and returned.
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String

        /// stdout parsed as a JSON object (`--json`).
        func json() throws -> [String: Any] {
            let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
            guard let dictionary = object as? [String: Any] else { throw LabTestError("stdout is not a JSON object: \(stdout.prefix(200))") }
            return dictionary
        }
    }

    /// The `lab` executable beside the test bundle in `.build/debug/` (`swift build
    /// --build-tests` builds both).
    static let executable: URL = {
        let bundle = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        var folder = bundle.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("lab")
            if FileManager.default.isExecutableFile(atPath: candidate.path), !candidate.hasDirectoryPath { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../.build/debug/lab").standardized
    }()

    /// The package root, where `fixtures/` is.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..").standardized

    /// Runs `lab arguments` in the package root and waits for it; `interruptAfter` sends
    /// SIGINT that many seconds after the start.
    ///
    /// The wait happens on a thread of its own: blocking one of the two threads of Swift's
    /// cooperative pool for a whole run would starve every other test running meanwhile.
    static func run(_ arguments: [String], environment: [String: String] = [:], interruptAfter: Double? = nil) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result { try runBlocking(arguments, environment: environment, interruptAfter: interruptAfter) })
            }
        }
    }

    private static func runBlocking(_ arguments: [String], environment: [String: String], interruptAfter: Double?) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lab-test-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("stdout")
        let err = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: out)
        let errHandle = try FileHandle(forWritingTo: err)
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        if let interruptAfter {
            Thread.sleep(forTimeInterval: interruptAfter)
            kill(process.processIdentifier, SIGINT)
        }
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        return Output(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }

    /// A fresh folder for a run's results, removed by the caller.
    static func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("lab-test-\(UUID().uuidString)")
    }
}

/// A test expectation about the lab's output that failed to hold.
struct LabTestError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

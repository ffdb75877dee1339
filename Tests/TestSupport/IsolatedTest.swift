import Foundation

/// Runs one test of this test binary alone, in a child process at a lower priority: for tests
/// that measure the whole process (its descriptors, threads and memory), which tests running
/// in parallel would blur, and for heavy ones, which would load the process's shared event
/// loop and the CPU under the timing-sensitive tests running alongside.
///
/// The test is written twice: an entry that `swift test` runs, which starts the child, and the
/// body, enabled only in the child:
///
/// ```swift
/// @Test func heavy() async throws { try await IsolatedTest.run("LoadTests/heavyBody") }
/// @Test(.enabled(if: IsolatedTest.isChild)) func heavyBody() async throws { ... }
/// ```
package enum IsolatedTest {
    package static let environmentKey = "NETWORKLAB_ISOLATED_TEST"

    /// True in the child process started by ``run(_:timeout:)``.
    package static var isChild: Bool { ProcessInfo.processInfo.environment[environmentKey] != nil }

    /// Runs the test named `name` (`Suite/test`) in a child process and fails with its output
    /// unless it passes; the child is killed after `timeout` seconds.
    package static func run(_ name: String, module: String = "ReliabilityTests", timeout: Double) async throws {
        let (status, output) = try await blocking { () throws -> (Int32, String) in
            let process = Process()
            // At the lowest priority: these tests are the heavy ones, and the timing-sensitive
            // tests running alongside (lab's speedup measurements) should not feel them.
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["nice", "-n", "19", Repository.testBinary, "--testing-library", "swift-testing", "--filter", "\(module).\(name)"]
            process.environment = ProcessInfo.processInfo.environment.merging([environmentKey: name]) { $1 }
            let log = FileManager.default.temporaryDirectory.appendingPathComponent("isolated-\(UUID().uuidString).log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            defer { try? FileManager.default.removeItem(at: log) }
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
            process.standardInput = FileHandle.nullDevice
            try process.runTied()
            let started = process
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { if started.isRunning { started.terminate() } }
            process.waitForExit()
            let output = (try? TextFile.read(log.path)) ?? ""
            return (process.terminationStatus, output)
        }
        let testName = name.split(separator: "/").last.map(String.init) ?? name
        let passed = output.split(separator: "\n").contains { $0.contains(testName) && $0.contains("passed after") }
        if status != 0 || !passed {
            throw TestSetupError("\(name) in a child process exited with \(status):\n\(output.suffix(6000))")
        }
    }
}

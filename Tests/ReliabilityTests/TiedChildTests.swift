import Foundation
import Testing
import TestSupport

/// A child a test starts with `runTied()` ends with the test process, and only then: a crashed
/// or killed run leaves no peer server behind, and a child outlives the thread that asked for it.
@Suite struct TiedChildTests {
    /// Where the child test process leaves the pid of the child it started.
    private static func pidFile(testProcess: Int32) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("tied-child-\(testProcess).pid").path
    }

    @Test func aTiedChild_endsWhenTheTestProcessEnds() async throws {
        let file = Self.pidFile(testProcess: getpid())
        defer { try? FileManager.default.removeItem(atPath: file) }
        try await IsolatedTest.run("TiedChildTests/startAChild_thenEnd", timeout: 60)
        let pid = try #require(Int32(try TextFile.read(file).trimmingCharacters(in: .whitespacesAndNewlines)))
        // The test process has ended: its tied child follows within moments (a zombie counts as
        // ended: who reaps an orphan is the container's init).
        try await waitUntil(timeout: 10) { !Self.isAlive(pid) }
    }

    /// In the child: starts `sleep` from a thread that ends at once, checks that the sleep
    /// survived that thread, and leaves its pid for the parent.
    @Test(.enabled(if: IsolatedTest.isChild)) func startAChild_thenEnd() async throws {
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sleep")
        sleeper.arguments = ["600"]
        try await blocking { try sleeper.runTied() }
        // The thread that asked has ended; a tie to it would have killed the child by now.
        try await Task.sleep(for: .milliseconds(500))
        #expect(sleeper.isRunning)
        try "\(sleeper.processIdentifier)\n".write(toFile: Self.pidFile(testProcess: getppid()), atomically: true, encoding: .utf8)
    }

    /// Whether `pid` runs: it exists and is not a zombie.
    private static func isAlive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0, let stat = try? TextFile.read("/proc/\(pid)/stat") else { return false }
        // "pid (comm) S ...": the state follows the last ')'.
        guard let close = stat.lastIndex(of: ")") else { return false }
        return !stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }
}

import Foundation
import Testing
import TestSupport

/// ``ToolRun``, through which the tests run their yardsticks and peers to the end: it hands
/// back exactly what the program printed on each stream and how it exited, however much it
/// printed and whether or not it read its input.
@Suite struct ToolRunTests {
    @Test func itGivesTheInput_andReturnsTheStatusAndEachStream() async throws {
        let run = try await blocking { try ToolRun(["sh", "-c", "cat; echo oops >&2; exit 3"], input: Data("abc".utf8)) }
        #expect(run.status == 3)
        #expect(run.stdout == Data("abc".utf8))
        #expect(run.stderr == "oops\n")
    }

    /// Megabytes on both streams, and more input than a pipe holds: read one stream to its
    /// end before the other, or write the input before reading, and this would hang.
    @Test func aProgramPrintingMuchOnBothStreams_neverStalls() async throws {
        let script = "head -c 3000000 /dev/zero | tr '\\\\0' e >&2; cat | wc -c; head -c 2000000 /dev/zero"
        let run = try await blocking { try ToolRun(["sh", "-c", script], input: Data(count: 1_000_000)) }
        #expect(run.status == 0)
        #expect(run.stderr.utf8.count == 3_000_000)
        #expect(run.stdout.count == "1000000\n".utf8.count + 2_000_000)
        #expect(run.stdout.prefix(8) == Data("1000000\n".utf8))
    }

    @Test func aProgramThatReadsNoInput_orDoesNotExist_endsWithItsStatus() async throws {
        let ignoring = try await blocking { try ToolRun(["true"], input: Data(count: 1_000_000)) }
        #expect(ignoring.status == 0)
        let missing = try await blocking { try ToolRun(["no-such-program-networklab"]) }
        #expect(missing.status == 127)
        #expect(missing.stderr.contains("no-such-program-networklab"))
    }
}

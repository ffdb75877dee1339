import Foundation
import MockServer
import TestSupport
import Testing

extension LiveServerTests {
    /// Real download managers (GNU wget, aria2), which the project did not write: what they
    /// do with ranges that no other client here does. aria2 splits one file over eight
    /// connections; both resume a download the server broke off with a `Range` request.
    @Suite struct DownloadManagerTests {
        static let size = 8_000_000

        /// Runs `command` (a download manager and its arguments) to its end; its exit status.
        private static func run(_ command: [String]) async throws -> Int32 {
            let run = try await blocking { try ToolRun(command, environment: ["no_proxy": "*", "NO_PROXY": "*"]) }
            // env's status when it cannot find or start the program.
            guard run.status != 127 && run.status != 126 else {
                throw TestSetupError("cannot start \(command[0]): \(run.stderr); .ci/install-peers installs it")
            }
            return run.status
        }

        @Test func aria2_splitsADownloadOverEightConnections_andGetsEveryByte() async throws {
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            try await withMockServer { server in
                let url = server.url("/bytes/\(Self.size)?seed=7")
                let status = try await Self.run(["aria2c", "-q", "-x", "8", "-s", "8", "-k", "1M", "-d", folder.path, "-o", "file", url.absoluteString])
                #expect(status == 0)
                let saved = try [UInt8](Data(contentsOf: folder.url.appendingPathComponent("file")))
                #expect(saved == (try Payload.bytes(seed: 7, count: Self.size)))
                await server.settled()
                let ranged = server.journal.entries.filter { $0.status == 206 }
                #expect(ranged.count >= 4, "\(ranged.count) ranged requests")
                #expect(Set(ranged.map(\.connection)).count >= 4, "ranges over several connections")
            }
        }

        static let wget = ["wget", "-q", "--tries=5", "--waitretry=0", "-O"]
        static let aria2 = ["aria2c", "-q", "--max-tries=5", "--retry-wait=0", "-x", "1", "-o"]

        @Test(arguments: [(wget, "truncate-after:3MB"), (wget, "reset-after:3MB"), (aria2, "truncate-after:3MB"), (aria2, "reset-after:3MB")])
        func aDownloadTheServerBrokeOff_isResumedWithARange_andComplete(command: [String], fault: String) async throws {
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            try await withMockServer { server in
                let url = server.url("/bytes/\(Self.size)?seed=3&fault=\(fault)&fault-first=1")
                // wget takes the output path whole; aria2 a name under -d.
                let output = command[0] == "wget" ? [folder.path + "/file"] : ["file", "-d", folder.path]
                #expect(try await Self.run(command + output + [url.absoluteString]) == 0)
                let saved = try [UInt8](Data(contentsOf: folder.url.appendingPathComponent("file")))
                #expect(saved == (try Payload.bytes(seed: 3, count: Self.size)))
                await server.settled()
                let entries = server.journal.entries
                #expect(entries.first?.fault == fault && entries.first?.bytesSent == 3_000_000)
                let resumedAt = entries.last?.range.flatMap { Int($0.dropFirst("bytes=".count).prefix { $0.isNumber }) }
                let seen = "\(entries.map { ($0.status, $0.range) })"
                #expect(entries.count == 2, "\(seen)")
                if fault.hasPrefix("truncate") {
                    // A FIN after 3 MB: all of them arrived, and the rest is asked for.
                    #expect(entries.last?.status == 206 && resumedAt == 3_000_000, "\(seen)")
                } else if let resumedAt {
                    // After a reset, what the client had not read yet is lost with its socket:
                    // it asks from what it holds (on a loaded machine, possibly nothing).
                    #expect(entries.last?.status == 206 && resumedAt > 0 && resumedAt <= 3_000_000, "\(seen)")
                }
            }
        }
    }
}

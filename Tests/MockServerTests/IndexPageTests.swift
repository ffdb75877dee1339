import Foundation
import TestSupport
import Testing
@testable import MockServer

/// The one list of built-in endpoints drives the index page at `/`; `lab serve --help` and
/// README's endpoint table must name every endpoint in it.
@Suite struct IndexPageTests {
    @Test func indexPage_listsEveryBuiltInEndpoint_inColumns() {
        let lines = IndexPage.text.split(separator: "\n")
        #expect(lines.first == "NetworkLab MockServer")
        #expect(lines.contains { $0.hasPrefix("  GET|HEAD /bytes/{size} ") && $0.hasSuffix(" deterministic bytes (4096, 10MB, 1.5GiB); ?seed=N; Range; Want-Repr-Digest: sha-256") })
        // Every summary starts in one column, after the longest path (`/basic-auth/...` ran into its summary).
        var columns: Set<Int> = []
        for endpoint in MockServer.builtInEndpoints {
            let line = lines.first { $0.contains(" \(endpoint.path) ") && $0.hasSuffix(endpoint.summary) }
            #expect(line != nil, "\(endpoint.path)")
            if let line { columns.insert(line.count - endpoint.summary.count) }
        }
        #expect(columns.count == 1, "summaries start in columns \(columns.sorted())")
    }

    @Test func serveHelp_namesEveryBuiltInEndpoint() async throws {
        let help = try await LabProcess.run(["serve", "--help"])
        #expect(help.status == 0)
        for endpoint in MockServer.builtInEndpoints {
            #expect(help.stdout.contains(endpoint.path), "lab serve --help does not mention \(endpoint.path)")
        }
    }

    @Test func readme_documentsEveryBuiltInEndpoint() throws {
        let readme = try TextFile.read(Repository.root.appendingPathComponent("README.md").path)
        for endpoint in MockServer.builtInEndpoints {
            // `/anything[/{path}]` is documented as `/anything`.
            let path = endpoint.path.split(separator: "[").first.map(String.init) ?? endpoint.path
            #expect(readme.contains(path), "README does not document \(path)")
        }
    }
}

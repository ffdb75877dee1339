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
        #expect(lines.contains("  GET|HEAD /bytes/{size}        deterministic bytes (4096, 10MB, 1.5GiB); ?seed=N; Range; Want-Repr-Digest: sha-256"))
        #expect(lines.contains("  ANY      /status/{code}       that status with a short body"))
        for endpoint in MockServer.builtInEndpoints {
            #expect(lines.contains { $0.contains(" \(endpoint.path) ") && $0.contains(endpoint.summary) }, "\(endpoint.path)")
        }
    }

    @Test func serveHelp_namesEveryBuiltInEndpoint() async throws {
        let help = try await LabProcess.run(["serve", "--help"])
        #expect(help.status == 0)
        for endpoint in MockServer.builtInEndpoints {
            #expect(help.stdout.contains(endpoint.path), "lab serve --help does not mention \(endpoint.path)")
        }
    }

    @Test func readmeEndpointTable_hasARowForEveryBuiltInEndpoint() throws {
        let readme = try TextFile.read(Repository.root.appendingPathComponent("README.md").path)
        let rows = readme.split(separator: "\n").filter { $0.hasPrefix("| `") }
        for endpoint in MockServer.builtInEndpoints {
            #expect(rows.contains { $0.contains(" \(endpoint.path)`") }, "README's endpoint table has no row for \(endpoint.path)")
        }
    }
}
